/** Whether an error is the file system running out of space (or of the user's quota). */
export function isNoSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The local mode could not start because the data directory's file system is full. */
export class NoSpaceError extends Error {
  constructor(readonly dataDir: string) {
    super(`Cannot start: the data directory ${dataDir} has no free space left (ENOSPC); free some space and start again.`);
  }
}
