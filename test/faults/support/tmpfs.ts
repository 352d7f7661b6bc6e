import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounting a tmpfs needs root; elsewhere the disk-full tests use an injected file-system port instead. */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

export interface SmallDisk {
  readonly dir: string;
  /** Bytes the file system still accepts. */
  free(): Promise<number>;
  /** Takes all free space but `leaveBytes` with a filler file (tmpfs counts whole 4 KiB pages). */
  fill(leaveBytes?: number): Promise<void>;
  /** Removes the filler file. */
  release(): Promise<void>;
  unmount(): Promise<void>;
}

/** A tmpfs of `sizeMb` MiB mounted on a fresh directory. */
export async function mountSmallDisk(sizeMb: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'lakeline-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  const free = async () => {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    free,
    fill: async (leaveBytes = 0) => {
      const handle = await open(filler, 'a');
      try {
        const chunk = Buffer.alloc(64 * 1024, 120);
        for (let room = (await free()) - leaveBytes; room > 0; room = (await free()) - leaveBytes) {
          await handle.write(chunk, 0, Math.min(chunk.length, room));
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await handle.close();
      }
    },
    release: () => rm(filler, { force: true }),
    unmount: async () => {
      execFileSync('umount', ['-l', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
