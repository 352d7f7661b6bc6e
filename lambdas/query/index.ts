/** Lambda entry of the query function: reads the environment once, wires Athena, Powertools and the handler. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { datasets } from '../../datasets';
import { createAthenaQueryEngine } from '../adapters/athena-query-engine';
import { GlueCompactedDays } from '../adapters/glue-compaction-catalog';
import { S3LakeListing } from '../adapters/s3-lake-listing';
import { integerSetting, QUERY_SETTING_DEFAULTS, requiredSetting } from '../core/environment';
import { MAX_RESULT_REUSE_MINUTES } from '../core/result-reuse';
import { METRICS_NAMESPACE, QUERY_SERVICE } from '../core/telemetry';
import { createQueryHandler } from './handler';
import { servedCompactedDays } from './served-compacted-days';

const workGroup = requiredSetting(process.env, 'ATHENA_WORKGROUP', 'query');
const database = requiredSetting(process.env, 'GLUE_DATABASE', 'query');
const lakeBucket = requiredSetting(process.env, 'LAKE_BUCKET', 'query');
const waitBudgetMs = integerSetting(process.env, 'QUERY_WAIT_BUDGET_MS', QUERY_SETTING_DEFAULTS.waitBudgetMs);
const maxRangeDays = integerSetting(process.env, 'QUERY_MAX_RANGE_DAYS', QUERY_SETTING_DEFAULTS.maxRangeDays);
const resultReuseMaxAgeMinutes = integerSetting(
  process.env,
  'RESULT_REUSE_MAX_AGE_MINUTES',
  QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes,
  true,
  { value: MAX_RESULT_REUSE_MINUTES, reason: 'the 5-minute freshness objective: an older reused answer could miss records it promises' },
);

const maxResultRows = integerSetting(process.env, 'QUERY_MAX_RESULT_ROWS', QUERY_SETTING_DEFAULTS.maxResultRows);
const resultRetentionDays = integerSetting(process.env, 'QUERY_RESULT_RETENTION_DAYS', QUERY_SETTING_DEFAULTS.resultRetentionDays);

const logger = new Logger({ serviceName: QUERY_SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: QUERY_SERVICE });
const engine = createAthenaQueryEngine(new AthenaClient({}), { workGroup, database, resultRetentionDays });
const query = createQueryHandler({
  // Which days the curated table serves: its Glue partitions, read per request so a switched day is seen at once.
  compactedDays: servedCompactedDays(
    new GlueCompactedDays(new GlueClient({}), { database, datasets }),
    new S3LakeListing(new S3Client({}), lakeBucket),
  ),
  engine,
  datasets,
  config: { waitBudgetMs, maxRangeDays, resultReuseMaxAgeMinutes, maxResultRows },
  logger,
  metrics,
});

export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return query(event, context);
}
