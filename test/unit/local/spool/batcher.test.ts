import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher, type DeliverBatch } from '../../../../local/spool/batcher';
import type { LocalQueue } from '../../../../local/spool/local-queue';
import type { BatchManifest } from '../../../../local/spool/spool-shapes';
import type { QueuedMessage } from '../../../../local/spool/spooled-message';
import { sqsMessageIdOf } from '../../../../local/spool/sqs-event';
import { spooledMessage } from '../../../fixtures/spooled-messages';

interface Settled {
  readonly ids: readonly string[];
  readonly failed: readonly string[];
  readonly lastError: string | undefined;
}

/** An in-memory queue with the surface the batcher uses, recording every receive and settle. */
class FakeQueue {
  readonly visible: QueuedMessage[] = [];
  readonly interrupted: BatchManifest[] = [];
  readonly receives: number[] = [];
  readonly settled: Settled[] = [];
  settleError: Error | undefined;
  private readonly listeners: (() => void)[] = [];
  private sequence = 0;

  get waiting(): number {
    return this.interrupted.length + this.visible.length;
  }

  get hasInterrupted(): boolean {
    return this.interrupted.length > 0;
  }

  onVisible(listener: () => void): void {
    this.listeners.push(listener);
  }

  send(count: number): string[] {
    const messages = Array.from({ length: count }, () => ({ message: spooledMessage('{}'), receiveCount: 0 }));
    this.visible.push(...messages);
    for (const listener of this.listeners) listener();
    return messages.map((entry) => entry.message.messageId);
  }

  async receive(max: number): Promise<BatchManifest | undefined> {
    this.receives.push(max);
    const interrupted = this.interrupted.shift();
    if (interrupted) return interrupted;
    const messages = this.visible.splice(0, max).map((entry) => ({ message: entry.message, receiveCount: entry.receiveCount + 1 }));
    return messages.length === 0 ? undefined : { sequence: ++this.sequence, messages };
  }

  async settle(delivery: BatchManifest, failedIds: ReadonlySet<string>, lastError?: string): Promise<void> {
    if (this.settleError) throw this.settleError;
    this.settled.push({ ids: delivery.messages.map((entry) => entry.message.messageId), failed: [...failedIds], lastError });
  }
}

const BATCH_SIZE = 3;
const WINDOW_MS = 100;

function batcherOn(queue: FakeQueue, deliver: DeliverBatch, onError?: (error: unknown) => void): Batcher {
  return new Batcher({
    dataset: 'passengers',
    queue: queue as unknown as LocalQueue,
    deliver,
    batchSize: BATCH_SIZE,
    windowMs: WINDOW_MS,
    ...(onError ? { onError } : {}),
  });
}

/** A handler that records the SNS message ids of each event it is given and answers `answer`. */
function recording(answer: (event: SQSEvent) => Promise<SQSBatchResponse | undefined> = async () => ({ batchItemFailures: [] })) {
  const events: SQSEvent[] = [];
  const deliver: DeliverBatch = (event) => {
    events.push(event);
    return answer(event);
  };
  const batches = () => events.map((event) => event.Records.map((record) => JSON.parse(record.body).MessageId as string));
  return { events, deliver, batches };
}

describe('batcher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers nothing before it is started, then waits out the window of messages sent before the start', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    const ids = queue.send(1);

    // Act
    await vi.advanceTimersByTimeAsync(WINDOW_MS * 5);
    const beforeStart = batches().length;
    batcher.start();
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    const justBeforeWindow = batches().length;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect([beforeStart, justBeforeWindow]).toEqual([0, 0]);
    expect(batches()).toEqual([ids]);
  });

  it('delivers a partial batch exactly when the window of its first message closes, not when the last one came', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    const first = queue.send(1);
    await vi.advanceTimersByTimeAsync(60);
    const second = queue.send(1);

    // Act
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 60 - 1);
    const justBefore = batches().length;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect(justBefore).toBe(0);
    expect(batches()).toEqual([[...first, ...second]]);
    expect(queue.receives).toEqual([BATCH_SIZE]);
  });

  it('delivers a full batch at once without waiting for the window, and the rest when their own window closes', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();

    // Act
    const ids = queue.send(BATCH_SIZE + 1);
    await vi.advanceTimersByTimeAsync(0);
    const atOnce = batches().map((batch) => batch.length);
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    const beforeWindow = batches().length;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect(atOnce).toEqual([BATCH_SIZE]);
    expect(beforeWindow).toBe(1);
    expect(batches()).toEqual([ids.slice(0, BATCH_SIZE), ids.slice(BATCH_SIZE)]);
  });

  it('delivers a batch exactly as large as the batch size at once', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    batcherOn(queue, deliver).start();

    // Act
    const ids = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(batches()).toEqual([ids]);
  });

  it('redelivers a batch a restart interrupted at start, without waiting for the window', async () => {
    // Prepare
    const queue = new FakeQueue();
    const message = spooledMessage('{}');
    queue.interrupted.push({ sequence: 7, messages: [{ message, receiveCount: 2 }] });
    const { deliver, events } = recording();
    const batcher = batcherOn(queue, deliver);

    // Act
    batcher.start();
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(events.map((event) => event.Records.map((record) => record.attributes.ApproximateReceiveCount))).toEqual([['2']]);
    expect(queue.settled).toEqual([{ ids: [message.messageId], failed: [], lastError: undefined }]);
  });

  it('shapes the delivery as an SQS event of its dataset and settles the items the handler reports as failed', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, events } = recording(async (event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId ?? '' }],
    }));
    batcherOn(queue, deliver).start();

    // Act
    const ids = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(events[0]?.Records.map((record) => [record.messageId, record.eventSourceARN])).toEqual(
      ids.map((id) => [sqsMessageIdOf(id), 'arn:aws:sqs:us-east-1:000000000000:lakeline-passengers']),
    );
    expect(queue.settled).toEqual([{ ids, failed: [ids[1]], lastError: undefined }]);
  });

  it('settles every message as done when the handler answers nothing', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver } = recording(async () => undefined);
    batcherOn(queue, deliver).start();

    // Act
    const ids = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(queue.settled).toEqual([{ ids, failed: [], lastError: undefined }]);
  });

  it('fails the whole batch with the error message when the handler throws, and reports the error', async () => {
    // Prepare
    const queue = new FakeQueue();
    const errors: unknown[] = [];
    const thrown = new Error('handler crashed');
    const { deliver } = recording(async () => {
      throw thrown;
    });
    batcherOn(queue, deliver, (error) => errors.push(error)).start();

    // Act
    const ids = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(queue.settled).toEqual([{ ids, failed: ids, lastError: 'handler crashed' }]);
    expect(errors).toEqual([thrown]);
  });

  it('keeps a thrown value that is not an Error as the last error text', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver } = recording(() => Promise.reject('plain refusal'));
    batcherOn(queue, deliver).start();

    // Act
    const ids = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(queue.settled).toEqual([{ ids, failed: ids, lastError: 'plain refusal' }]);
  });

  it('reports a batch that could not be settled and goes on delivering', async () => {
    // Prepare
    const queue = new FakeQueue();
    const errors: unknown[] = [];
    const { deliver, batches } = recording();
    batcherOn(queue, deliver, (error) => errors.push(error)).start();
    queue.settleError = new Error('disk full');

    // Act
    queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);
    queue.settleError = undefined;
    const next = queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(errors).toEqual([new Error('disk full')]);
    expect(batches()).toHaveLength(2);
    expect(queue.settled.map((settled) => settled.ids)).toEqual([next]);
  });

  it('delivers one batch at a time, the next as soon as the previous one is settled', async () => {
    // Prepare
    const queue = new FakeQueue();
    let active = 0;
    let mostActive = 0;
    const { deliver, batches } = recording(async () => {
      active++;
      mostActive = Math.max(mostActive, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active--;
      return { batchItemFailures: [] };
    });
    batcherOn(queue, deliver).start();

    // Act
    const ids = queue.send(BATCH_SIZE * 2);
    await vi.advanceTimersByTimeAsync(0);
    const whileFirstRuns = batches().length;
    await vi.advanceTimersByTimeAsync(10);

    // Assert
    expect(whileFirstRuns).toBe(1);
    expect(batches()).toEqual([ids.slice(0, BATCH_SIZE), ids.slice(BATCH_SIZE)]);
    expect(mostActive).toBe(1);
  });

  it('flushes everything waiting without waiting for the window, in batches of at most the batch size', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    const ids = queue.send(BATCH_SIZE + 2);

    // Act
    await batcher.flush();

    // Assert
    expect(batches()).toEqual([ids.slice(0, BATCH_SIZE), ids.slice(BATCH_SIZE)]);
    expect(queue.waiting).toBe(0);
  });

  it('resolves a flush only once the running batch is settled', async () => {
    // Prepare
    const queue = new FakeQueue();
    let answer: (response: SQSBatchResponse) => void = () => {};
    const { deliver } = recording(() => new Promise((resolve) => (answer = resolve)));
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    queue.send(BATCH_SIZE);
    await vi.advanceTimersByTimeAsync(0);

    // Act
    let flushed = false;
    const flushing = batcher.flush().then(() => {
      flushed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    const beforeAnswer = flushed;
    answer({ batchItemFailures: [] });
    await flushing;

    // Assert
    expect(beforeAnswer).toBe(false);
    expect(queue.settled).toHaveLength(1);
  });

  it('does nothing on a flush before the start', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    queue.send(1);

    // Act
    await batcher.flush();

    // Assert
    expect(batches()).toEqual([]);
    expect(queue.waiting).toBe(1);
  });

  it('delivers what waits when stopped, then nothing sent after the stop, even once its window has passed', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    const before = queue.send(1);

    // Act
    await batcher.stop();
    queue.send(1);
    await vi.advanceTimersByTimeAsync(WINDOW_MS * 3);
    await batcher.flush();

    // Assert
    expect(batches()).toEqual([before]);
    expect(queue.waiting).toBe(1);
  });

  it('leaves no window timer behind when stopped, however many messages came while it waited', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    queue.send(1);
    await vi.advanceTimersByTimeAsync(30);
    queue.send(1);
    queue.visible.splice(0);

    // Act
    await batcher.stop();
    const timersAfterStop = vi.getTimerCount();
    queue.send(1);
    await vi.advanceTimersByTimeAsync(WINDOW_MS * 3);

    // Assert
    expect(timersAfterStop).toBe(0);
    expect(batches()).toEqual([]);
  });

  it('waits out the window again for a message sent after a flush', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    const flushed = queue.send(1);
    await batcher.flush();

    // Act
    const later = queue.send(1);
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    const beforeWindow = batches().length;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect(beforeWindow).toBe(1);
    expect(batches()).toEqual([flushed, later]);
  });

  it('counts the window of the messages left over from a full batch from the start of that batch', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { batchItemFailures: [] };
    });
    batcherOn(queue, deliver).start();
    const ids = queue.send(BATCH_SIZE + 1);

    // Act
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    const beforeWindow = batches().length;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect(beforeWindow).toBe(1);
    expect(batches()).toEqual([ids.slice(0, BATCH_SIZE), ids.slice(BATCH_SIZE)]);
  });

  it('goes on delivering after a batch that could not be settled, with no error listener given', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const batcher = batcherOn(queue, deliver);
    batcher.start();
    queue.settleError = new Error('disk full');
    queue.send(BATCH_SIZE);

    // Act
    const first = await batcher.flush().then(() => 'flushed');
    queue.settleError = undefined;
    const next = queue.send(1);
    await batcher.flush();

    // Assert
    expect(first).toBe('flushed');
    expect(batches()).toHaveLength(2);
    expect(queue.settled.map((settled) => settled.ids)).toEqual([next]);
  });

  it('delivers nothing and settles nothing when the receive hands out nothing', async () => {
    // Prepare
    const queue = new FakeQueue();
    const { deliver, batches } = recording();
    const errors: unknown[] = [];
    const batcher = batcherOn(queue, deliver, (error) => errors.push(error));
    batcher.start();
    queue.interrupted.push({ sequence: 1, messages: [] });
    queue.receive = async (max) => {
      queue.receives.push(max);
      queue.interrupted.splice(0);
      return undefined;
    };

    // Act
    queue.send(0);
    await vi.advanceTimersByTimeAsync(0);

    // Assert
    expect(queue.receives).toEqual([BATCH_SIZE]);
    expect(batches()).toEqual([]);
    expect(queue.settled).toEqual([]);
    expect(errors).toEqual([]);
  });
});
