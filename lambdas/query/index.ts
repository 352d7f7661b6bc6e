/** Lambda entry of the query function: reads the environment once, wires Athena, Powertools and the handler. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { datasets } from '../../datasets';
import { createAthenaQueryEngine } from '../adapters/athena-query-engine';
import { METRICS_NAMESPACE, QUERY_SERVICE } from '../core/telemetry';
import { createQueryHandler } from './handler';

const MAX_RESULT_REUSE_MINUTES = 7 * 24 * 60;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') throw new Error(`Environment variable ${name} is required by the query function`);
  return value;
}

function positiveIntegerEnv(name: string, fallback: number, allowZero = false): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1))
    throw new Error(`Environment variable ${name} must be a positive integer, got "${text}"`);
  return value;
}

const workGroup = requiredEnv('ATHENA_WORKGROUP');
const database = requiredEnv('GLUE_DATABASE');
const waitBudgetMs = positiveIntegerEnv('QUERY_WAIT_BUDGET_MS', 20_000);
const maxRangeDays = positiveIntegerEnv('QUERY_MAX_RANGE_DAYS', 31);
const resultReuseMaxAgeMinutes = positiveIntegerEnv('RESULT_REUSE_MAX_AGE_MINUTES', 60, true);
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
