import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { findDataset } from '../../datasets';
import { S3ObjectStore } from '../adapters/s3-object-store';
import { requiredSetting } from '../core/environment';
import { INGEST_SERVICE, METRICS_NAMESPACE } from '../core/telemetry';
import { createIngestHandler } from './handler';

const bucket = requiredSetting(process.env, 'LAKE_BUCKET', 'ingest');
const datasetName = requiredSetting(process.env, 'DATASET_NAME', 'ingest');
const dataset = findDataset(datasetName);
if (!dataset) throw new Error(`DATASET_NAME "${datasetName}" is not a known dataset`);

const logger = new Logger({ serviceName: INGEST_SERVICE, persistentKeys: { dataset: dataset.name } });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: INGEST_SERVICE });

// The SDK's standard retry strategy (exponential backoff with jitter) absorbs S3 throttling; AWS_MAX_ATTEMPTS overrides its 3 attempts.
const ingest = createIngestHandler({ store: new S3ObjectStore(new S3Client({}), bucket), dataset, logger, metrics });

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return ingest(event, context);
}
