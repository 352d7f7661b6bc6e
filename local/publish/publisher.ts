import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { PackedBatch } from './message-packer';

export interface PublishProgress {
  readonly accepted: number;
  readonly failed: number;
}

export interface PublishSummary extends PublishProgress {
  readonly messages: number;
  /** Distinct failure reasons with how many records each cost. */
  readonly errors: ReadonlyMap<string, number>;
  readonly elapsedMs: number;
}

export interface PublishOptions {
  readonly topicArn: string;
  /** PublishBatch requests in flight at once. */
  readonly concurrency: number;
  readonly onProgress?: (progress: PublishProgress) => void;
}

/** Publishes the batches with bounded concurrency; a record counts as accepted only when SNS returned its message id. */
export async function publishBatches(client: SNSClient, batches: readonly PackedBatch[], options: PublishOptions): Promise<PublishSummary> {
  const started = Date.now();
  const errors = new Map<string, number>();
  let accepted = 0;
  let failed = 0;
  let messages = 0;
  let next = 0;
  const fail = (reason: string, records: number) => {
    failed += records;
    errors.set(reason, (errors.get(reason) ?? 0) + records);
  };

  const worker = async () => {
    for (let index = next++; index < batches.length; index = next++) {
      const batch = batches[index];
      if (!batch) continue;
      try {
        const result = await client.send(
          new PublishBatchCommand({
            TopicArn: options.topicArn,
            PublishBatchRequestEntries: batch.messages.map((message, position) => ({ Id: `m${position}`, Message: message.message })),
          }),
        );
        for (const success of result.Successful ?? []) {
          const message = batch.messages[Number(success.Id?.slice(1))];
          if (message && success.MessageId) {
            accepted += message.records;
            messages += 1;
          }
        }
        for (const failure of result.Failed ?? []) {
          const message = batch.messages[Number(failure.Id?.slice(1))];
          fail(`${failure.Code}: ${failure.Message}`, message?.records ?? 0);
        }
      } catch (error) {
        const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        fail(name, batch.records);
      }
      options.onProgress?.({ accepted, failed });
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { accepted, failed, messages, errors, elapsedMs: Date.now() - started };
}
