import type { DeadLetters } from './dead-letters';
import type { BatchManifest, Spool } from './spool';
import type { QueuedMessage, SpooledMessage } from './spooled-message';

export interface LocalQueueOptions {
  readonly spool: Spool;
  readonly deadLetters: DeadLetters;
  /**
   * Receives after which a message that still fails goes to the dead letters (the redrive policy's maxReceiveCount).
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
   */
  readonly maxReceiveCount: number;
  /**
   * How long a message whose delivery failed stays invisible before it is received again. Lambda leaves a failed batch
   * item in the queue, where it becomes visible when its visibility timeout expires.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
   */
  readonly visibilityTimeoutMs: number;
  readonly onError?: (error: unknown) => void;
}

/** Why a message whose last receives were all cut short by the process stopping was set aside. */
export const INTERRUPTED_RECEIVES = 'every delivery was interrupted by the process stopping';

/**
 * One receive of a message: its receive count goes up by exactly one. SQS counts a receive when it hands the message
 * out, whatever becomes of it (ApproximateReceiveCount).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
 */
export const received = (entry: QueuedMessage): QueuedMessage => ({ message: entry.message, receiveCount: entry.receiveCount + 1 });

const idsOf = (entries: readonly QueuedMessage[]) => entries.map((entry) => entry.message.messageId);

/**
 * The local stand-in for one dataset's SQS queue and its dead-letter queue, over the durable spool. It alone counts
 * receives, records them before a batch is handed out (so they survive a crash), hides a failed message for the
 * visibility timeout, and sets a message aside once its receives are used up.
 */
export class LocalQueue {
  private readonly visible: QueuedMessage[];
  private readonly interrupted: BatchManifest[];
  private readonly hidden = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: LocalQueueOptions) {
    this.interrupted = [...options.spool.interrupted];
    this.visible = [...options.spool.pending];
  }

  /** Batches and messages that can be received now (not those hidden after a failure). */
  get waiting(): number {
    return this.interrupted.length + this.visible.length;
  }

  /** Whether a batch cut short by a restart waits to be redelivered (it goes first, without waiting for a window). */
  get hasInterrupted(): boolean {
    return this.interrupted.length > 0;
  }

  /** Calls `listener` whenever messages become visible. */
  onVisible(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Stores the messages durably, then makes them visible. Once this resolves the publish may be acknowledged; when it
   * rejects (a full disk) none of them was stored.
   */
  async send(messages: readonly SpooledMessage[]): Promise<void> {
    await this.options.spool.append(messages);
    this.makeVisible(messages.map((message) => ({ message, receiveCount: 0 })));
  }

  /**
   * Receives the next batch, each message's receive count raised and recorded before the batch is handed out. A batch
   * a restart interrupted comes first, with the same membership; its messages whose receives are already used up go
   * to the dead letters instead. Otherwise up to `max` visible messages. Answers undefined when there was nothing to
   * hand out.
   */
  async receive(max: number): Promise<BatchManifest | undefined> {
    if (this.interrupted.length > 0) {
      for (let manifest = this.interrupted.shift(); manifest; manifest = this.interrupted.shift()) {
        const delivery = await this.receiveInterrupted(manifest);
        if (delivery) return delivery;
      }
      return undefined;
    }
    const batch = this.visible.splice(0, max);
    if (batch.length === 0) return undefined;
    try {
      return await this.options.spool.beginBatch(batch.map(received));
    } catch (error) {
      // Not recorded (a full disk), so not received: the messages are offered again later with their counts unchanged.
      this.options.onError?.(error);
      this.hide(batch);
      return undefined;
    }
  }

  /**
   * Settles a delivered batch: the messages not in `failedIds` are done; a failed one is hidden for the visibility
   * timeout, or goes to the dead letters when its receives are used up.
   */
  async settle(delivery: BatchManifest, failedIds: ReadonlySet<string>, lastError?: string): Promise<void> {
    const stored = delivery.messages.filter((entry) => !failedIds.has(entry.message.messageId));
    const failed = delivery.messages.filter((entry) => failedIds.has(entry.message.messageId));
    const retried = failed.filter((entry) => !this.usedUp(entry));
    const deadLettered = failed.filter((entry) => this.usedUp(entry));
    try {
      for (const entry of deadLettered) await this.options.deadLetters.put(entry, lastError);
      await this.options.spool.completeBatch(delivery, {
        stored: idsOf(stored),
        failed: idsOf(retried),
        deadLettered: idsOf(deadLettered),
      });
    } catch (error) {
      // The outcome could not be recorded (a full disk): the batch stays on disk as delivered and is offered again later.
      this.options.onError?.(error);
      this.hide(delivery.messages);
      return;
    }
    this.hide(retried);
  }

  /** Stops making messages visible; those hidden stay in the spool for the next start. Closes the spool. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.hidden) clearTimeout(timer);
    this.hidden.clear();
    await this.options.spool.close();
  }

  private usedUp(entry: QueuedMessage): boolean {
    return entry.receiveCount >= this.options.maxReceiveCount;
  }

  private async receiveInterrupted(manifest: BatchManifest): Promise<BatchManifest | undefined> {
    try {
      const usedUp = manifest.messages.filter((entry) => this.usedUp(entry));
      // Rewritten in place, so that a crash now still finds exactly this batch.
      if (usedUp.length === 0) return await this.options.spool.renewBatch(manifest, manifest.messages.map(received));
      for (const entry of usedUp) await this.options.deadLetters.put(entry, INTERRUPTED_RECEIVES);
      const remaining = manifest.messages.filter((entry) => !this.usedUp(entry));
      // Stryker disable next-line ArrayDeclaration: recovery reads stored ids only to finish messages, and an id of no message finishes none
      await this.options.spool.completeBatch(manifest, { stored: [], failed: idsOf(remaining), deadLettered: idsOf(usedUp) });
      return remaining.length > 0 ? await this.options.spool.beginBatch(remaining.map(received)) : undefined;
    } catch (error) {
      // Not recorded (a full disk): the manifest stays on disk until a later batch finishes its messages.
      this.options.onError?.(error);
      this.hide(manifest.messages);
      return undefined;
    }
  }

  private hide(entries: readonly QueuedMessage[]): void {
    if (this.closed || entries.length === 0) return;
    const timer = setTimeout(() => {
      this.hidden.delete(timer);
      this.makeVisible(entries);
    }, this.options.visibilityTimeoutMs);
    this.hidden.add(timer);
  }

  private makeVisible(entries: readonly QueuedMessage[]): void {
    if (this.closed || entries.length === 0) return;
    this.visible.push(...entries);
    for (const listener of this.listeners) listener();
  }
}
