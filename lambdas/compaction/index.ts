/** Lambda entry of the compaction function: reads the environment once, wires S3, Glue, Athena, Powertools and the handler. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { datasets } from '../../datasets';
import { AthenaCompactionWriter } from '../adapters/athena-compaction-writer';
import { GlueCompactionCatalog } from '../adapters/glue-compaction-catalog';
import { S3LakeListing } from '../adapters/s3-lake-listing';
import { checkCompactionLag, DEFAULT_COMPACTION_LAG_HOURS } from '../core/compaction-plan';
import { integerSetting, requiredSetting } from '../core/environment';
import { COMPACTION_SERVICE, METRICS_NAMESPACE } from '../core/telemetry';
import { type CompactionSummary, createCompactionHandler } from './handler';
import { newRunId } from './run-id';

const bucket = requiredSetting(process.env, 'LAKE_BUCKET', 'compaction');
const database = requiredSetting(process.env, 'GLUE_DATABASE', 'compaction');
const workGroup = requiredSetting(process.env, 'ATHENA_COMPACTION_WORKGROUP', 'compaction');
const lagHours = integerSetting(process.env, 'COMPACTION_LAG_HOURS', DEFAULT_COMPACTION_LAG_HOURS, true);
checkCompactionLag(lagHours);

const logger = new Logger({ serviceName: COMPACTION_SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: COMPACTION_SERVICE });
const compact = createCompactionHandler({
  ports: {
    listing: new S3LakeListing(new S3Client({}), bucket),
    catalog: new GlueCompactionCatalog(new GlueClient({}), { database, bucket, datasets }),
    writer: new AthenaCompactionWriter(new AthenaClient({}), { workGroup, database, bucket }),
    now: () => new Date(),
    newRunId: () => newRunId(new Date()),
  },
  datasets,
  lagHours,
  logger,
  metrics,
});

export async function handler(event: unknown, context: Context): Promise<CompactionSummary> {
  logger.addContext(context);
  return compact(event, context);
}
