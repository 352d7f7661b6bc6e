import { open } from 'node:fs/promises';
import { syncDirectory } from '../../lambdas/adapters/sync-directory';

/** One open file of the spool. `write` answers how many bytes it actually wrote: on a full disk that can be fewer than asked. */
export interface WritableFile {
  write(data: Uint8Array, offset: number, length: number): Promise<number>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** The file-system port the spool writes through (tests inject one that runs out of space). */
export interface SpoolFiles {
  /** `a` appends (the file is created if missing), `w` starts from an empty file; answers the file and its size. */
  open(path: string, mode: 'a' | 'w'): Promise<{ readonly file: WritableFile; readonly size: number }>;
  /** fsyncs a directory, so that an entry created, renamed or removed in it survives a power cut. */
  syncDirectory(path: string): Promise<void>;
}

export const nodeSpoolFiles: SpoolFiles = {
  async open(path, mode) {
    const handle = await open(path, mode);
    try {
      const { size } = await handle.stat();
      const file: WritableFile = {
        write: async (data, offset, length) => (await handle.write(data, offset, length)).bytesWritten,
        // Stryker disable next-line ArrowFunction: an fsync changes what survives a power cut, which no test here can cause
        datasync: () => handle.datasync(),
        truncate: (length) => handle.truncate(length),
        close: () => handle.close(),
      };
      return { file, size };
    } /* Stryker disable next-line BlockStatement: fstat of a handle just opened fails only on an I/O error no test can cause */ catch (error) {
      await handle.close();
      throw error;
    }
  },
  syncDirectory,
};

/**
 * Writes all of `data`, continuing after short writes (write(2) may write fewer bytes than asked when the disk fills up;
 * the next call then fails with ENOSPC). Throws unless every byte was written.
 */
export async function writeFully(file: WritableFile, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const written = await file.write(data, offset, data.length - offset);
    if (written <= 0) throw Object.assign(new Error(`write stopped after ${offset} of ${data.length} bytes`), { code: 'EIO' });
    offset += written;
  }
}
