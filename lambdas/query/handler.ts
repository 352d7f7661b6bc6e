/**
 * The query function's HTTP side: matches an API Gateway proxy event to a declared route, hands the request to the
 * route's use case and maps its outcome or error to a JSON response.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteKey } from '../core/api-routes';
import type { DatasetDefinition } from '../core/dataset';
import { describeDatasets } from '../core/dataset-catalog';
import { QUERY_SETTING_DEFAULTS } from '../core/environment';
import { errorResponse, HttpError, jsonResponse } from '../core/http-response';
import { buildOpenApiDocument } from '../core/openapi';
import type { CompactedDaysReader } from '../core/ports/compaction-catalog';
import type { QueryEngine } from '../core/ports/query-engine';
import { checkMaxResultRows } from '../core/records-query';
import { DEFAULT_LIMIT, type QueryParameters, singleValuedParameters } from '../core/request-params';
import { checkResultReuseMaxAge } from '../core/result-reuse';
import { QueryMetric } from '../core/telemetry';
import { aggregateRecords } from './aggregate-use-case';
import type { DatasetQueryRequest } from './dataset-query';
import { createEngineCall } from './engine-call';
import type { QueryPorts, QuerySettings } from './query-ports';
import { readQuery } from './query-use-case';
import { listRecords } from './records-use-case';
import { countRejectedDaily, listRejected } from './rejected-use-case';
import type { QueryOutcome } from './result-page';
import { matchRoute } from './routes';

export interface QueryConfig {
  /** How long a request waits for its query before answering 202 (keep below API Gateway's 29 s). */
  readonly waitBudgetMs: number;
  /** Widest `from`..`to` span in days. */
  readonly maxRangeDays: number;
  /** First polling interval when the engine cannot be awaited (Athena); doubles up to `maxPollIntervalMs`. Default 100. */
  readonly pollIntervalMs?: number;
  /** Default 1000. */
  readonly maxPollIntervalMs?: number;
  /**
   * Longest a single start, status or results call may take before the request answers 502 (default 3000):
   * start + wait budget + results must stay below API Gateway's 29 s even when the engine stops answering.
   */
  readonly engineCallTimeoutMs?: number;
  /**
   * Oldest stored result a records query over days that ended before today may be answered from; 0 turns reuse off.
   * At most the freshness objective (core/result-reuse.ts). Default QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes.
   */
  readonly resultReuseMaxAgeMinutes?: number;
  /** Most rows one records request may make the engine materialise and serve (over all its pages). Default 100 000. */
  readonly maxResultRows?: number;
}

export interface QueryDependencies {
  readonly engine: QueryEngine;
  /** Which days are served from the compacted zone (the Glue table of compacted days on AWS, the manifest locally). */
  readonly compactedDays: CompactedDaysReader;
  readonly datasets: readonly DatasetDefinition[];
  readonly config: QueryConfig;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => Date;
}

export type QueryHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** One request as a use case receives it. */
interface RouteRequest {
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly parameters: QueryParameters;
  readonly context?: Context;
}

/** Time kept back from the Lambda's remaining time so the answer still gets out. */
const LAMBDA_SAFETY_MS = 1500;
const DEFAULT_ENGINE_CALL_TIMEOUT_MS = 3000;

function settingsOf(config: QueryConfig): QuerySettings {
  const resultReuseMaxAgeMinutes = config.resultReuseMaxAgeMinutes ?? QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes;
  checkResultReuseMaxAge(resultReuseMaxAgeMinutes);
  const maxResultRows = config.maxResultRows ?? QUERY_SETTING_DEFAULTS.maxResultRows;
  checkMaxResultRows(maxResultRows);
  return {
    maxRangeDays: config.maxRangeDays,
    maxResultRows,
    resultReuseMaxAgeMinutes,
    pollIntervalMs: config.pollIntervalMs ?? 100,
    maxPollIntervalMs: config.maxPollIntervalMs ?? 1000,
    engineCallTimeoutMs: config.engineCallTimeoutMs ?? DEFAULT_ENGINE_CALL_TIMEOUT_MS,
  };
}

function waitBudget(waitBudgetMs: number, context?: Context): number {
  const remaining = context?.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() - LAMBDA_SAFETY_MS : Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(waitBudgetMs, remaining));
}

/** 200 with the page, or 202 with the path to poll (keeping a non-default page size). */
function outcomeResponse(outcome: QueryOutcome): APIGatewayProxyResult {
  if (outcome.kind === 'page')
    return jsonResponse(200, outcome.status === undefined ? outcome.page : { status: outcome.status, ...outcome.page });
  const { queryId, status, pageSize } = outcome;
  const poll = `/v1/queries/${queryId}${pageSize === DEFAULT_LIMIT ? '' : `?limit=${pageSize}`}`;
  return jsonResponse(202, { queryId, status, poll });
}

export function createQueryHandler(deps: QueryDependencies): QueryHandler {
  const { datasets, config, logger, metrics } = deps;
  const settings = settingsOf(config);
  const openApiDocument = buildOpenApiDocument(datasets, settings);
  const datasetCatalog = describeDatasets(datasets);
  let metricsRecorded = false;
  const ports: QueryPorts = {
    engine: deps.engine,
    compactedDays: deps.compactedDays,
    callEngine: createEngineCall(settings.engineCallTimeoutMs, logger),
    datasets,
    settings,
    now: deps.now ?? (() => new Date()),
    logger,
    record: (name, unit, value) => {
      if (!metrics) return;
      metrics.addMetric(name, unit, value);
      metricsRecorded = true;
    },
  };

  /** A route that runs one query over the dataset named in its path. */
  const overDataset =
    (useCase: (ports: QueryPorts, request: DatasetQueryRequest) => Promise<QueryOutcome>) =>
    async ({ pathParameters, parameters, context }: RouteRequest) =>
      outcomeResponse(
        await useCase(ports, { datasetName: pathParameters.name ?? '', parameters, budgetMs: waitBudget(config.waitBudgetMs, context) }),
      );

  const useCases: Readonly<Record<RouteKey, (request: RouteRequest) => Promise<APIGatewayProxyResult>>> = {
    datasets: async () => jsonResponse(200, datasetCatalog),
    openapi: async () => jsonResponse(200, openApiDocument),
    records: overDataset(listRecords),
    aggregate: overDataset(aggregateRecords),
    rejected: overDataset(listRejected),
    rejectedDaily: overDataset(countRejectedDaily),
    query: async ({ pathParameters, parameters }) => outcomeResponse(await readQuery(ports, pathParameters.queryId ?? '', parameters)),
  };

  async function answer(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> {
    try {
      const { route, pathParameters } = matchRoute(event);
      return await useCases[route.key]({ pathParameters, parameters: singleValuedParameters(event), context });
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      logger?.error('unexpected failure', { error: error as Error });
      return errorResponse(new HttpError(500, 'internal_error', 'internal error'));
    }
  }

  return async (event, context) => {
    const response = await answer(event, context);
    if (response.statusCode >= 400 && response.statusCode < 500) ports.record(QueryMetric.ClientErrors, MetricUnit.Count, 1);
    if (response.statusCode >= 500) ports.record(QueryMetric.ServerErrors, MetricUnit.Count, 1);
    logger?.info('request answered', { method: event.httpMethod, path: event.path, statusCode: response.statusCode });
    if (metricsRecorded) metrics?.publishStoredMetrics();
    metricsRecorded = false;
    return response;
  };
}
