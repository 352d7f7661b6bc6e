import { nodeSpoolFiles, type SpoolFiles, type WritableFile } from '../../local/spool/spool-files';

const noSpace = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });

/**
 * A spool file-system port over real files with a byte budget, behaving like write(2) on a full disk: a write that does
 * not fit writes what fits and answers that count, the next one fails with ENOSPC. Truncation gives the bytes back.
 */
export class LimitedDisk implements SpoolFiles {
  private used = 0;
  /** Writes that stopped short, and writes refused with ENOSPC. */
  shortWrites = 0;
  refusedWrites = 0;
  /** When set, truncation fails this many more times (a disk that cannot even be cut back). */
  failingTruncations = 0;
  /** Truncations that succeeded. */
  truncations = 0;
  /** Files opened and not closed yet. */
  openFiles = 0;
  /** Directories synced, in order. */
  readonly syncedDirectories: string[] = [];
  /** When set, syncing a directory fails this many more times. */
  failingDirectorySyncs = 0;

  constructor(private capacity: number) {}

  get free(): number {
    return Math.max(0, this.capacity - this.used);
  }

  /** Leaves `bytes` free from now on. */
  setFree(bytes: number): void {
    this.capacity = this.used + bytes;
  }

  async open(path: string, mode: 'a' | 'w'): Promise<{ readonly file: WritableFile; readonly size: number }> {
    const { file: real, size: initial } = await nodeSpoolFiles.open(path, mode);
    let size = initial;
    this.openFiles++;
    const file: WritableFile = {
      write: async (data, offset, length) => {
        if (this.free === 0) {
          this.refusedWrites++;
          throw noSpace();
        }
        const fits = Math.min(length, this.free);
        if (fits < length) this.shortWrites++;
        const written = await real.write(data, offset, fits);
        this.used += written;
        size += written;
        return written;
      },
      datasync: () => real.datasync(),
      truncate: async (length) => {
        if (this.failingTruncations > 0) {
          this.failingTruncations--;
          throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
        }
        await real.truncate(length);
        this.truncations++;
        this.used -= Math.max(0, size - length);
        size = Math.min(size, length);
      },
      close: async () => {
        await real.close();
        this.openFiles--;
      },
    };
    return { file, size };
  }

  async syncDirectory(path: string): Promise<void> {
    if (this.failingDirectorySyncs > 0) {
      this.failingDirectorySyncs--;
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    }
    await nodeSpoolFiles.syncDirectory(path);
    this.syncedDirectories.push(path);
  }
}
