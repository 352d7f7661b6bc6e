/** Lambda entry of the query function: reads the environment once, wires Athena, Powertools and the handler. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { datasets } from '../../datasets';
import { createAthenaQueryEngine } from '../adapters/athena-query-engine';
import { integerSetting, QUERY_SETTING_DEFAULTS, requiredSetting } from '../core/environment';
import { METRICS_NAMESPACE, QUERY_SERVICE } from '../core/telemetry';
import { createQueryHandler } from './handler';

const MAX_RESULT_REUSE_MINUTES = 7 * 24 * 60;

const workGroup = requiredSetting(process.env, 'ATHENA_WORKGROUP', 'query');
const database = requiredSetting(process.env, 'GLUE_DATABASE', 'query');
const waitBudgetMs = integerSetting(process.env, 'QUERY_WAIT_BUDGET_MS', QUERY_SETTING_DEFAULTS.waitBudgetMs);
const maxRangeDays = integerSetting(process.env, 'QUERY_MAX_RANGE_DAYS', QUERY_SETTING_DEFAULTS.maxRangeDays);
const resultReuseMaxAgeMinutes = integerSetting(
  process.env,
  'RESULT_REUSE_MAX_AGE_MINUTES',
  QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes,
  true,
);
// Athena reuses results for at most 7 days.
if (resultReuseMaxAgeMinutes > MAX_RESULT_REUSE_MINUTES)
  throw new Error(`Environment variable RESULT_REUSE_MAX_AGE_MINUTES must be at most ${MAX_RESULT_REUSE_MINUTES} (7 days)`);

const logger = new Logger({ serviceName: QUERY_SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: QUERY_SERVICE });
const engine = createAthenaQueryEngine(new AthenaClient({}), { workGroup, database, resultReuseMaxAgeMinutes });
const query = createQueryHandler({ engine, datasets, config: { waitBudgetMs, maxRangeDays }, logger, metrics });

export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  logger.addContext(context);
  return query(event, context);
}
