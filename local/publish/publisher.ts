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
  /** The error that stopped the publish early (see `stopOn`); the records not sent count as failed. */
  readonly stoppedBy?: unknown;
}

export interface PublishOptions {
  readonly topicArn: string;
  /** PublishBatch requests in flight at once. */
  readonly concurrency: number;
  readonly onProgress?: (progress: PublishProgress) => void;
  /** An error that no later request would get past (nothing answering, say): no further batch is sent. */
  readonly stopOn?: (error: unknown) => boolean;
}

/** Publishes the batches with bounded concurrency; a record counts as accepted only when SNS returned its message id. */
export async function publishBatches(client: SNSClient, batches: readonly PackedBatch[], options: PublishOptions): Promise<PublishSummary> {
  const started = Date.now();
  const errors = new Map<string, number>();
  let accepted = 0;
  let failed = 0;
  let messages = 0;
  let next = 0;
  let stoppedBy: unknown;
  const fail = (reason: string, records: number) => {
    failed += records;
    errors.set(reason, (errors.get(reason) ?? 0) + records);
  };

  const worker = async () => {
    for (let index = next++; index < batches.length && stoppedBy === undefined; index = next++) {
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
        if (options.stopOn?.(error)) stoppedBy ??= error;
      }
      options.onProgress?.({ accepted, failed });
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const unsent = batches.reduce((sum, batch) => sum + batch.records, 0) - accepted - failed;
  if (stoppedBy !== undefined && unsent > 0) fail('not sent: publishing stopped at an error no later request would get past', unsent);
  return { accepted, failed, messages, errors, elapsedMs: Date.now() - started, ...(stoppedBy === undefined ? {} : { stoppedBy }) };
}
