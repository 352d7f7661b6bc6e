import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsRecordOf } from '../../fixtures/sqs-events';

export interface QueuedMessage {
  readonly sqsMessageId: string;
  readonly body: string;
}

export interface QueueOptions {
  readonly batchSize: number;
  /** Deliveries before a message moves to the dead-letter set (SQS maxReceiveCount). */
  readonly maxReceives: number;
  readonly random: () => number;
}

export interface QueueOutcome {
  /** SQS message ids that reached the dead-letter set. */
  readonly deadLetters: ReadonlySet<string>;
  readonly invocations: number;
  readonly redeliveries: number;
}

/**
 * Delivers messages to a handler the way SQS with ReportBatchItemFailures does: batches of visible messages in no
 * fixed order; a message reported as a batch item failure (or every message, if the handler throws) becomes visible
 * again, until its receive count reaches `maxReceives`, then it goes to the dead-letter set.
 */
export async function drainQueue(
  messages: readonly QueuedMessage[],
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: QueueOptions,
): Promise<QueueOutcome> {
  const receives = new Map<string, number>();
  const visible = [...messages];
  const deadLetters = new Set<string>();
  let invocations = 0;
  let redeliveries = 0;
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
    try {
      const response = await handler({ Records: records });
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
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
  return { deadLetters, invocations, redeliveries };
}
