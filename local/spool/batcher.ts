import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { writeFileDurably } from './durable-files';
import type { BatchManifest, Spool } from './spool';
import type { PendingMessage, SpooledMessage } from './spooled-message';
import { buildSqsEvent, sqsMessageIdOf } from './sqs-event';

export type DeliverBatch = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface BatcherOptions {
  readonly dataset: string;
  readonly spool: Spool;
  readonly deliver: DeliverBatch;
  /** Most messages per SQS event (the event source mapping's BatchSize). */
  readonly batchSize: number;
  /** How long the first waiting message may wait for the batch to fill (MaximumBatchingWindowInSeconds). */
  readonly windowMs: number;
  /** A message failing this many deliveries goes to the dead-letter directory (maxReceiveCount). */
  readonly maxReceives: number;
  /** Delay before a failed message is offered again (the visibility timeout). */
  readonly retryDelayMs: number;
  readonly deadLetterDir: string;
  readonly onError?: (error: unknown) => void;
}

/**
 * The local stand-in for the SQS event source mapping of one dataset: forms batches from the spool,
 * delivers them one at a time to the ingest handler, and honours its partial-failure answer.
 */
export class Batcher {
  private queue: PendingMessage[] = [];
  private firstQueuedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private flushing = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: BatcherOptions) {}

  /** Redelivers interrupted batches unchanged, then queues what the spool still holds. */
  start(): void {
    this.started = true;
    this.running = this.redeliverInterrupted().finally(() => {
      this.running = undefined;
      this.enqueuePending(this.options.spool.pending);
    });
  }

  /** Called once the messages are durably in the spool. */
  enqueue(messages: readonly SpooledMessage[]): void {
    this.enqueuePending(messages.map((message) => ({ message, failedReceives: 0 })));
  }

  /** Delivers everything queued now, ignoring the window, and resolves when nothing is queued or running. */
  async flush(): Promise<void> {
    if (!this.started) return;
    this.flushing = true;
    try {
      this.pump();
      while (this.running || this.queue.length > 0) {
        await this.running;
        this.pump();
        if (!this.running && this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Flushes what is queued, then stops; messages waiting for a retry stay in the spool for the next start. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private enqueuePending(messages: readonly PendingMessage[]): void {
    if (this.stopped || messages.length === 0) return;
    if (this.queue.length === 0) this.firstQueuedAt = Date.now();
    this.queue.push(...messages);
    this.pump();
  }

  private pump(): void {
    // Messages accepted before `start` wait until the interrupted batches have been redelivered.
    if (!this.started || this.running || this.stopped || this.queue.length === 0) return;
    const waited = Date.now() - this.firstQueuedAt;
    if (this.queue.length >= this.options.batchSize || waited >= this.options.windowMs || this.flushing) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      const batch = this.queue.splice(0, this.options.batchSize);
      this.firstQueuedAt = Date.now();
      this.running = this.runBatch(batch).finally(() => {
        this.running = undefined;
        this.pump();
      });
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.options.windowMs - waited);
    }
  }

  /** Redelivers each interrupted batch unchanged, unless some of its messages used up their receives in crashes. */
  private async redeliverInterrupted(): Promise<void> {
    for (const manifest of this.options.spool.interrupted) {
      try {
        await this.redeliver(manifest);
      } catch (error) {
        // The spool could not record the outcome (a full disk): the messages are offered again later; their manifest
        // stays on disk until a later batch finishes them.
        this.options.onError?.(error);
        this.scheduleRetry([...manifest.messages]);
      }
    }
  }

  private async redeliver(manifest: BatchManifest): Promise<void> {
    const exhausted = manifest.messages.filter((entry) => entry.failedReceives >= this.options.maxReceives);
    if (exhausted.length === 0) {
      await this.deliverManifest(manifest);
      return;
    }
    for (const entry of exhausted) await this.writeDeadLetter(entry, 'every delivery was interrupted by the process stopping');
    const remaining = manifest.messages.filter((entry) => entry.failedReceives < this.options.maxReceives);
    await this.options.spool.completeBatch(manifest, {
      stored: [],
      failed: [],
      deadLettered: exhausted.map((entry) => entry.message.messageId),
    });
    if (remaining.length > 0) await this.deliverManifest(await this.options.spool.beginBatch(remaining));
  }

  private async runBatch(batch: readonly PendingMessage[]): Promise<void> {
    try {
      const manifest = await this.options.spool.beginBatch(batch);
      await this.deliverManifest(manifest);
    } catch (error) {
      // The spool could not record the batch: offer the messages again later.
      this.options.onError?.(error);
      this.scheduleRetry([...batch]);
    }
  }

  private async deliverManifest(manifest: BatchManifest): Promise<void> {
    const event = buildSqsEvent(this.options.dataset, manifest.messages, new Date());
    let failedIds: Set<string>;
    let lastError: string | undefined;
    try {
      const response = await this.options.deliver(event);
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      lastError = error instanceof Error ? error.message : String(error);
      failedIds = new Set(event.Records.map((record) => record.messageId));
    }

    const stored: string[] = [];
    const failed: PendingMessage[] = [];
    const deadLettered: PendingMessage[] = [];
    for (const entry of manifest.messages) {
      const receives = entry.failedReceives + 1;
      if (!failedIds.has(sqsMessageIdOf(entry.message.messageId))) stored.push(entry.message.messageId);
      else if (receives >= this.options.maxReceives) deadLettered.push({ message: entry.message, failedReceives: receives });
      else failed.push({ message: entry.message, failedReceives: receives });
    }

    for (const entry of deadLettered) await this.writeDeadLetter(entry, lastError);
    await this.options.spool.completeBatch(manifest, {
      stored,
      failed: failed.map((entry) => entry.message.messageId),
      deadLettered: deadLettered.map((entry) => entry.message.messageId),
    });
    if (failed.length > 0) this.scheduleRetry(failed);
  }

  private scheduleRetry(messages: PendingMessage[]): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueuePending(messages);
    }, this.options.retryDelayMs);
    this.retryTimers.add(timer);
  }

  private async writeDeadLetter(entry: PendingMessage, lastError: string | undefined): Promise<void> {
    const dir = join(this.options.deadLetterDir, this.options.dataset);
    await mkdir(dir, { recursive: true });
    const record = {
      ...entry.message,
      receiveCount: entry.failedReceives,
      lastError: lastError ?? null,
      deadLetteredAt: new Date().toISOString(),
    };
    await writeFileDurably(join(dir, `${entry.message.messageId}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
}
