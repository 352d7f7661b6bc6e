import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { compactionRequestFor } from '../core/compaction-request';
import type { DatasetDefinition } from '../core/dataset';
import { createBatchPlanner } from '../core/ingest-batch';
import type { ObjectStore } from '../core/ports/object-store';
import { DATASET_DIMENSION, INGEST_SERVICE, IngestMetric } from '../core/telemetry';
import { failedSqsMessageIds, writeCompactionRequests, writePlannedObjects } from './write-planned-objects';

export interface IngestDependencies {
  readonly store: ObjectStore;
  readonly dataset: DatasetDefinition;
  /** Defaults to a Powertools Logger for the ingest service (level from POWERTOOLS_LOG_LEVEL). */
  readonly logger?: Logger;
  /** Powertools Metrics (namespace Lakeline, service ingest); the handler adds the `dataset` dimension. When absent no metrics are emitted. */
  readonly metrics?: Metrics;
  readonly now?: () => Date;
}

/**
 * The ingest function: validates an SQS batch of SNS messages, writes one gzip NDJSON object per
 * partition (and per receive date for rejected records), leaves a compaction request beside each raw
 * object of a day that had already ended, and reports as batch item failures exactly the SQS messages
 * whose records were in an object that, or whose compaction request, could not be written.
 */
export function createIngestHandler(deps: IngestDependencies): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const { store, dataset, metrics } = deps;
  const logger = deps.logger ?? new Logger({ serviceName: INGEST_SERVICE });
  const now = deps.now ?? (() => new Date());
  const planBatch = createBatchPlanner(dataset);

  return async (event) => {
    const started = performance.now();
    const plan = planBatch(event.Records, now());
    const written = await writePlannedObjects(store, plan.objects);
    const storedAt = now();
    const outcomes = await writeCompactionRequests(store, written, (object) => compactionRequestFor(dataset.name, object, storedAt));
    const failedIds = failedSqsMessageIds(outcomes);

    let objectsWritten = 0;
    let bytesWritten = 0;
    let compactionRequests = 0;
    for (const { object, error, request } of outcomes) {
      if (error !== undefined) {
        logger.error('Could not write a lake object; its messages go back to the queue', {
          key: object.key,
          lines: object.lineCount,
          sqsMessageIds: object.sqsMessageIds,
          error: error instanceof Error ? error : String(error),
        });
        continue;
      }
      objectsWritten++;
      bytesWritten += object.body.byteLength;
      if (request?.error === undefined) {
        if (request !== undefined) compactionRequests++;
        continue;
      }
      logger.error('Could not write a compaction request; its messages go back to the queue', {
        key: request.key,
        sqsMessageIds: object.sqsMessageIds,
        error: request.error instanceof Error ? request.error : String(request.error),
      });
    }
    const { counts } = plan;
    logger.info('Ingest batch', {
      dataset: dataset.name,
      messages: counts.messages,
      duplicateMessages: counts.duplicateMessages,
      received: counts.received,
      accepted: counts.accepted,
      rejected: counts.rejected,
      unknownFieldsDropped: counts.droppedFields,
      objects: plan.objects.length,
      objectsWritten,
      bytesWritten,
      compactionRequests,
      failedMessages: failedIds.length,
      messageIds: plan.messageIds,
    });

    if (metrics) {
      // Per invocation (dimensions are cleared on publish), so one Metrics instance may serve several datasets.
      metrics.addDimension(DATASET_DIMENSION, dataset.name);
      metrics.addMetric(IngestMetric.RecordsAccepted, MetricUnit.Count, counts.accepted);
      metrics.addMetric(IngestMetric.RecordsRejected, MetricUnit.Count, counts.rejected);
      metrics.addMetric(IngestMetric.ObjectsWritten, MetricUnit.Count, objectsWritten);
      metrics.addMetric(IngestMetric.BytesWritten, MetricUnit.Bytes, bytesWritten);
      metrics.addMetric(IngestMetric.UnknownFieldsDropped, MetricUnit.Count, counts.droppedFields);
      metrics.addMetric(IngestMetric.BatchDuration, MetricUnit.Milliseconds, performance.now() - started);
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failedIds.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
