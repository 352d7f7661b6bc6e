import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsRecordOf } from '../../fixtures/sqs-events';
import { lambdaContext } from './lambda-context';

export interface QueuedMessage {
  readonly sqsMessageId: string;
  readonly body: string;
}

export interface QueueOptions {
  readonly batchSize: number;
  /** Deliveries before a message moves to the dead-letter set (SQS maxReceiveCount). */
  readonly maxReceives: number;
  readonly random: () => number;
  /** The function's timeout: an invocation still running after it fails as a whole. None when absent. */
  readonly invocationTimeoutMs?: number;
}

export interface QueueOutcome {
  /** SQS message ids that reached the dead-letter set. */
  readonly deadLetters: ReadonlySet<string>;
  readonly invocations: number;
  readonly redeliveries: number;
  /** Invocations that outlived `invocationTimeoutMs`. */
  readonly timeouts: number;
}

export type QueueHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

const TIMED_OUT = Symbol('timed out');

/**
 * Delivers messages to a handler the way SQS with ReportBatchItemFailures does: batches of visible messages in no
 * fixed order; a message reported as a batch item failure (or every message, if the handler throws or times out)
 * becomes visible again, until its receive count reaches `maxReceives`, then it goes to the dead-letter set.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * An invocation that outlives the function's timeout is stopped and fails as a whole; the queue does not wait for it,
 * while the writes it had already sent go on and may still land, as a request already on its way to S3 would. The
 * queue answers only once every such invocation has settled, so the lake read afterwards holds all that will land.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
 */
export async function drainQueue(messages: readonly QueuedMessage[], handler: QueueHandler, options: QueueOptions): Promise<QueueOutcome> {
  const receives = new Map<string, number>();
  const visible = [...messages];
  const deadLetters = new Set<string>();
  const abandoned: Promise<unknown>[] = [];
  let invocations = 0;
  let redeliveries = 0;
  let timeouts = 0;
  while (visible.length > 0) {
    const batch: QueuedMessage[] = [];
    while (batch.length < options.batchSize && visible.length > 0) {
      const [picked] = visible.splice(Math.floor(options.random() * visible.length), 1);
      if (picked) batch.push(picked);
    }
    const records = batch.map((message) => {
      const count = (receives.get(message.sqsMessageId) ?? 0) + 1;
      receives.set(message.sqsMessageId, count);
      return sqsRecordOf({ body: message.body, messageId: message.sqsMessageId, receiveCount: count });
    });
    invocations++;
    let failed: Set<string>;
    const invocation = handler({ Records: records }, lambdaContext(options.invocationTimeoutMs));
    try {
      const response = await withTimeout(invocation, options.invocationTimeoutMs);
      if (response === TIMED_OUT) {
        timeouts++;
        abandoned.push(invocation.catch(() => undefined));
        failed = new Set(batch.map((message) => message.sqsMessageId));
      } else failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      failed = new Set(batch.map((message) => message.sqsMessageId));
    }
    for (const message of batch) {
      if (!failed.has(message.sqsMessageId)) continue;
      if ((receives.get(message.sqsMessageId) ?? 0) >= options.maxReceives) deadLetters.add(message.sqsMessageId);
      else {
        visible.push(message);
        redeliveries++;
      }
    }
  }
  await Promise.all(abandoned);
  return { deadLetters, invocations, redeliveries, timeouts };
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<T | typeof TIMED_OUT> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
