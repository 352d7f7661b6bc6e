import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalQueue } from './local-queue';
import { buildSqsEvent, sqsMessageIdOf } from './sqs-event';

export type DeliverBatch = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface BatcherOptions {
  readonly dataset: string;
  readonly queue: LocalQueue;
  readonly deliver: DeliverBatch;
  /** Most messages per SQS event (the event source mapping's BatchSize). */
  readonly batchSize: number;
  /** How long the first waiting message may wait for the batch to fill (MaximumBatchingWindowInSeconds). */
  readonly windowMs: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The local stand-in for the SQS event source mapping of one dataset: receives batches from the local queue, delivers
 * them one at a time to the ingest handler, and hands its partial-failure answer back to the queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export class Batcher {
  private waitingSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private flushing = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: BatcherOptions) {
    options.queue.onVisible(() => {
      this.waitingSince ??= Date.now();
      this.pump();
    });
  }

  /** Starts polling: batches a restart interrupted go first. */
  start(): void {
    this.started = true;
    this.waitingSince = Date.now();
    this.pump();
  }

  /** Delivers everything waiting now, ignoring the window, and resolves when nothing is waiting or running (nothing before `start` or after `stop`). */
  async flush(): Promise<void> {
    this.flushing = true;
    try {
      this.pump();
      // A batch that ends starts the next one (the window ignored) before its promise settles: `running` is set while any message waits.
      while (this.running) await this.running;
    } finally {
      this.flushing = false;
    }
  }

  /** Flushes what is waiting, then stops polling; messages hidden for a retry stay in the spool for the next start. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    // Messages accepted before `start` wait until the interrupted batches have been redelivered.
    if (!this.started || this.running || this.stopped) return;
    const { queue, batchSize, windowMs } = this.options;
    if (queue.waiting === 0) {
      this.waitingSince = undefined;
      return;
    }
    const waited = Date.now() - (this.waitingSince ?? Date.now());
    if (queue.hasInterrupted || queue.waiting >= batchSize || waited >= windowMs || this.flushing) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.waitingSince = Date.now();
      this.running = this.runBatch()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.running = undefined;
          this.pump();
        });
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, windowMs - waited);
    }
  }

  private async runBatch(): Promise<void> {
    const { queue, dataset, deliver, batchSize } = this.options;
    const delivery = await queue.receive(batchSize);
    if (!delivery) return;
    const event = buildSqsEvent(dataset, delivery.messages, new Date());
    let failedSqsIds: Set<string>;
    let lastError: string | undefined;
    try {
      const response = await deliver(event);
      // A missing response or failure list is a complete success.
      // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
      // Stryker disable next-line ArrayDeclaration: an array of values that are not failure items names no message, like an empty one
      failedSqsIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      // A handler that throws fails the whole batch.
      this.options.onError?.(error);
      lastError = error instanceof Error ? error.message : String(error);
      failedSqsIds = new Set(event.Records.map((record) => record.messageId));
    }
    const failed = delivery.messages
      .map((entry) => entry.message.messageId)
      .filter((messageId) => failedSqsIds.has(sqsMessageIdOf(messageId)));
    await queue.settle(delivery, new Set(failed), lastError);
  }
}
