import { dirname } from 'node:path';
import { nodeSpoolFiles, type SpoolFiles, type WritableFile, writeFully } from './spool-files';

interface QueuedWrite {
  readonly data: Buffer;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append-only file with group commit: every `append` resolves only after all of its bytes are written and fsynced,
 * and appends that arrive while a sync is running share the next one (one fsync for many publishes).
 *
 * A write that fails or stops short (a full disk) rejects every append of its group, and the file is truncated back to
 * its last good length before anything else is appended, so no line is ever appended onto a torn tail.
 */
export class AppendLog {
  private queue: QueuedWrite[] = [];
  private flushing: Promise<void> | undefined;
  /** Bytes completely written and synced: the length the file is cut back to after a failed write. */
  private goodBytes: number;
  private queuedBytes = 0;
  /** A failed write may have left a torn tail that could not be cut off yet: it is, before the next write. */
  private tornTail = false;

  private constructor(
    readonly path: string,
    private readonly file: WritableFile,
    initialBytes: number,
  ) {
    this.goodBytes = initialBytes;
  }

  static async open(path: string, files: SpoolFiles = nodeSpoolFiles): Promise<AppendLog> {
    const { file, size } = await files.open(path, 'a');
    try {
      await files.syncDirectory(dirname(path));
    } catch (error) {
      await file.close();
      throw error;
    }
    return new AppendLog(path, file, size);
  }

  /** Bytes on disk plus bytes waiting to be written, those of the write in progress included. */
  get size(): number {
    return this.goodBytes + this.queuedBytes;
  }

  append(data: string): Promise<void> {
    const bytes = Buffer.from(data);
    this.queuedBytes += bytes.length;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data: bytes, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.file.close();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const writes = this.queue;
      this.queue = [];
      const data = Buffer.concat(writes.map((write) => write.data));
      try {
        if (this.tornTail) await this.cutTornTail();
        await writeFully(this.file, data);
        await this.file.datasync();
        this.goodBytes += data.length;
        this.queuedBytes -= data.length;
        for (const write of writes) write.resolve();
      } catch (error) {
        this.queuedBytes -= data.length;
        this.tornTail = true;
        // When the cut fails too it is tried again before the next write, which fails rather than append after the tear.
        await this.cutTornTail().catch(() => {});
        for (const write of writes) write.reject(error);
      }
    }
    this.flushing = undefined;
  }

  private async cutTornTail(): Promise<void> {
    await this.file.truncate(this.goodBytes);
    await this.file.datasync();
    this.tornTail = false;
  }
}
