import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durable-files';

interface QueuedWrite {
  readonly data: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append-only file with group commit: every `append` resolves only after its bytes are fsynced, and
 * appends that arrive while a sync is running share the next one (one fsync for many publishes).
 */
export class AppendLog {
  private queue: QueuedWrite[] = [];
  private flushing: Promise<void> | undefined;
  private bytes = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    initialBytes: number,
  ) {
    this.bytes = initialBytes;
  }

  static async open(path: string): Promise<AppendLog> {
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    await syncDirectory(dirname(path));
    return new AppendLog(path, handle, size);
  }

  get size(): number {
    return this.bytes;
  }

  append(data: string): Promise<void> {
    this.bytes += Buffer.byteLength(data);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const writes = this.queue;
      this.queue = [];
      try {
        await this.handle.write(writes.map((write) => write.data).join(''));
        await this.handle.datasync();
        for (const write of writes) write.resolve();
      } catch (error) {
        for (const write of writes) write.reject(error);
      }
    }
    this.flushing = undefined;
  }
}
