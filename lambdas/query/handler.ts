/**
 * The query function: routes an API Gateway proxy event, turns request values into typed SQL parameters, runs the
 * fixed SQL through the injected query engine and answers typed JSON rows, a 202 with a query id, or an error.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { checkContinuation, checkContinuationLimit, parameterDigests, QUERY_ROUTE_PARAMETERS } from '../core/continuation';
import type { DatasetDefinition } from '../core/dataset';
import { describeDatasets } from '../core/dataset-catalog';
import { publicEngineReason } from '../core/engine-reason';
import { QUERY_SETTING_DEFAULTS } from '../core/environment';
import { badRequest, errorResponse, HttpError, jsonResponse } from '../core/http-response';
import { buildOpenApiDocument } from '../core/openapi';
import { decodePageToken, encodePageToken, type PageToken, QUERY_ID_PATTERN } from '../core/page-token';
import { EngineBusyError, InvalidPageTokenError, type QueryEngine, type QueryStatus } from '../core/ports/query-engine';
import { buildRecordsQuery, checkMaxResultRows } from '../core/records-query';
import { DEFAULT_LIMIT, parseLimit, parseRecordsRequest, type QueryParameters, singleValuedParameters } from '../core/request-params';
import { checkResultReuseMaxAge, resultReuseFor } from '../core/result-reuse';
import { typeRows } from '../core/result-typing';
import { QueryMetric } from '../core/telemetry';
import { matchRoute } from './routes';
import { isFinished, settledWithin, waitForQuery } from './wait-for-query';

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
  readonly datasets: readonly DatasetDefinition[];
  readonly config: QueryConfig;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => Date;
}

export type QueryHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** Where a page of a query's result starts: the engine's token and how many rows earlier pages served. */
interface PagePosition {
  readonly engineToken?: string;
  readonly served: number;
  readonly dataset?: string;
  /** The first request's parameters as digests, carried from token to token (records pages). */
  readonly parameters?: ReadonlyMap<string, string>;
}

/** Where the page a nextToken asks for starts. */
function positionOf(token: PageToken): PagePosition {
  return {
    engineToken: token.engineToken,
    served: token.served ?? 0,
    ...(token.dataset === undefined ? {} : { dataset: token.dataset }),
    ...(token.parameters === undefined ? {} : { parameters: token.parameters }),
  };
}

/** Time kept back from the Lambda's remaining time so the answer still gets out. */
const LAMBDA_SAFETY_MS = 1500;
const DEFAULT_ENGINE_CALL_TIMEOUT_MS = 3000;

export function createQueryHandler(deps: QueryDependencies): QueryHandler {
  const { engine, datasets, config, logger, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const resultReuseMaxAgeMinutes = config.resultReuseMaxAgeMinutes ?? QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes;
  checkResultReuseMaxAge(resultReuseMaxAgeMinutes);
  const maxResultRows = config.maxResultRows ?? QUERY_SETTING_DEFAULTS.maxResultRows;
  checkMaxResultRows(maxResultRows);
  const openApiDocument = buildOpenApiDocument(datasets, { resultReuseMaxAgeMinutes, maxResultRows });
  const datasetCatalog = describeDatasets(datasets);
  let metricsRecorded = false;

  function record(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): void {
    if (!metrics) return;
    metrics.addMetric(name, unit, value);
    metricsRecorded = true;
  }

  /** Calls the engine; an unexpected engine error becomes a 502 that names the query, never a stack trace. */
  async function callEngine<T>(
    action: string,
    queryId: string | undefined,
    call: () => Promise<T>,
    timeoutMs = config.engineCallTimeoutMs ?? DEFAULT_ENGINE_CALL_TIMEOUT_MS,
  ): Promise<T> {
    try {
      return await settledWithin(call(), timeoutMs);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof InvalidPageTokenError)
        throw badRequest('invalid_parameter', 'parameter "nextToken" is not a token this API issued');
      const suffix = queryId ? ` (query ${queryId})` : '';
      if (error instanceof EngineBusyError) {
        logger?.warn(`query engine busy, could not ${action}`, { queryId, retryAfterSeconds: error.retryAfterSeconds });
        throw new HttpError(
          503,
          'engine_busy',
          `the query engine is busy and could not ${action}${suffix}; retry later`,
          queryId,
          error.retryAfterSeconds,
        );
      }
      logger?.error(`query engine failed to ${action}`, { queryId, error: error as Error });
      throw new HttpError(502, 'engine_error', `the query engine failed to ${action}${suffix}`, queryId);
    }
  }

  function waitBudget(context?: Context): number {
    const remaining = context?.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() - LAMBDA_SAFETY_MS : Number.POSITIVE_INFINITY;
    return Math.max(0, Math.min(config.waitBudgetMs, remaining));
  }

  /** A failed or cancelled query: the answer carries the engine's reason without file paths, the log the full reason. */
  function failed(queryId: string, status: QueryStatus): HttpError {
    logger?.error('query did not succeed', { queryId, state: status.state, reason: status.reason });
    const reason = status.reason ? `: ${publicEngineReason(status.reason)}` : '';
    return new HttpError(502, 'query_failed', `query ${queryId} ${status.state.toLowerCase()}${reason}`, queryId);
  }

  function accepted(queryId: string, status: QueryStatus, limit: number): APIGatewayProxyResult {
    const poll = `/v1/queries/${queryId}${limit === DEFAULT_LIMIT ? '' : `?limit=${limit}`}`;
    return jsonResponse(202, { queryId, status: status.state, poll });
  }

  /**
   * Reads one page, never serving more than `maxResultRows` rows of a result in all. The records SQL selects one row
   * past the cap; on the page that reaches the cap, a look one row further tells whether the answer was cut, and no
   * nextToken follows.
   */
  async function resultsPage(queryId: string, status: QueryStatus, pageSize: number, position: PagePosition) {
    const read = (size: number, pageToken: string | undefined) =>
      callEngine('read results', queryId, () =>
        engine.getQueryResults(queryId, { pageSize: size, ...(pageToken === undefined ? {} : { pageToken }) }),
      );
    const remaining = Math.max(0, maxResultRows - position.served);
    const page = remaining === 0 ? { columns: [], rows: [] } : await read(Math.min(pageSize, remaining), position.engineToken);
    const served = position.served + page.rows.length;
    let nextToken: string | undefined;
    let truncated = false;
    if (served < maxResultRows) {
      if (page.nextToken !== undefined)
        nextToken = encodePageToken({
          queryId,
          engineToken: page.nextToken,
          pageSize,
          dataset: position.dataset,
          served,
          ...(status.resultsExpireAt ? { expiresAt: status.resultsExpireAt } : {}),
          ...(position.parameters ? { parameters: position.parameters } : {}),
        });
    } else if (page.nextToken !== undefined) {
      truncated = (await read(1, page.nextToken)).rows.length > 0;
      if (truncated) logger?.info('answer cut at the row cap', { queryId, maxResultRows });
    }
    return {
      rows: typeRows(page),
      ...(nextToken === undefined ? {} : { nextToken }),
      ...(truncated ? { truncated } : {}),
      queryId,
      stats: { bytesScanned: status.bytesScanned ?? 0, engineMs: status.engineMs ?? 0 },
    };
  }

  /** Decodes a nextToken and refuses it once the result it points into is no longer kept (410, with the time it expired). */
  function liveToken(text: string): PageToken {
    const token = decodePageToken(text);
    if (token.expiresAt !== undefined && now().getTime() >= token.expiresAt.getTime())
      throw new HttpError(
        410,
        'next_token_expired',
        `parameter "nextToken" expired at ${token.expiresAt.toISOString()}, when the query's results stopped being kept; run the query again`,
        token.queryId,
      );
    return token;
  }

  async function knownStatus(queryId: string): Promise<QueryStatus> {
    const status = await callEngine('report the query status', queryId, () => engine.getQueryStatus(queryId));
    if (!status) throw new HttpError(404, 'query_not_found', `query ${queryId} is not known`);
    return status;
  }

  async function records(datasetName: string, parameters: QueryParameters, context?: Context): Promise<APIGatewayProxyResult> {
    const dataset = datasets.find((candidate) => candidate.name === datasetName);
    if (!dataset) throw new HttpError(404, 'dataset_not_found', `dataset ${JSON.stringify(datasetName.slice(0, 64))} is not known`);

    if (parameters.nextToken !== undefined) {
      const token = liveToken(parameters.nextToken);
      if (token.dataset !== dataset.name) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another dataset');
      checkContinuation(dataset, parameters, token);
      const status = await knownStatus(token.queryId);
      if (status.state !== 'SUCCEEDED')
        throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to a query that has no results');
      return jsonResponse(200, await resultsPage(token.queryId, status, token.pageSize, positionOf(token)));
    }

    const startedAt = now();
    const request = parseRecordsRequest(dataset, parameters, startedAt, config.maxRangeDays);
    const reuse = resultReuseFor(request.spec, startedAt, resultReuseMaxAgeMinutes);
    const query = { ...buildRecordsQuery(request.spec, maxResultRows), ...(reuse ? { resultReuse: reuse } : {}) };
    const { queryId } = await callEngine('start the query', undefined, () => engine.startQuery(query));
    record(QueryMetric.Queries, MetricUnit.Count, 1);
    logger?.info('query started', { queryId, dataset: dataset.name, from: request.spec.from, to: request.spec.to });

    const status = await callEngine(
      'report the query status',
      queryId,
      () =>
        waitForQuery(engine, queryId, {
          budgetMs: waitBudget(context),
          pollIntervalMs: config.pollIntervalMs ?? 100,
          maxPollIntervalMs: config.maxPollIntervalMs ?? 1000,
        }),
      // waitForQuery bounds each of its own engine calls by the wait budget.
      Number.POSITIVE_INFINITY,
    );
    if (!status) throw new HttpError(502, 'engine_error', `the query engine lost query ${queryId}`, queryId);
    if (!isFinished(status)) return accepted(queryId, status, request.limit);
    if (status.state !== 'SUCCEEDED') throw failed(queryId, status);
    if (status.bytesScanned !== undefined) record(QueryMetric.BytesScanned, MetricUnit.Bytes, status.bytesScanned);
    if (status.engineMs !== undefined) record(QueryMetric.EngineTime, MetricUnit.Milliseconds, status.engineMs);
    return jsonResponse(
      200,
      await resultsPage(queryId, status, request.limit, { served: 0, dataset: dataset.name, parameters: parameterDigests(parameters) }),
    );
  }

  async function queryPage(queryId: string, parameters: QueryParameters): Promise<APIGatewayProxyResult> {
    if (!QUERY_ID_PATTERN.test(queryId)) throw new HttpError(404, 'query_not_found', 'query ids are UUIDs; this one is not known');
    for (const name of Object.keys(parameters)) {
      if (!QUERY_ROUTE_PARAMETERS.has(name))
        throw badRequest(
          'unknown_parameter',
          `parameter ${JSON.stringify(name.slice(0, 64))} is not known; /v1/queries/{queryId} accepts only "limit" and "nextToken"`,
        );
    }
    const token = parameters.nextToken === undefined ? undefined : liveToken(parameters.nextToken);
    if (token && token.queryId !== queryId) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another query');
    if (token) checkContinuationLimit(parameters.limit, token);
    const pageSize = token?.pageSize ?? parseLimit(parameters.limit);
    const status = await knownStatus(queryId);
    if (!isFinished(status)) return accepted(queryId, status, pageSize);
    if (status.state !== 'SUCCEEDED') throw failed(queryId, status);
    const page = await resultsPage(queryId, status, pageSize, token ? positionOf(token) : { served: 0 });
    return jsonResponse(200, { status: status.state, ...page });
  }

  async function route(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> {
    const matched = matchRoute(event);
    if (!matched) throw new HttpError(404, 'route_not_found', `no route for ${event.httpMethod} ${(event.path ?? '').slice(0, 128)}`);
    if (event.httpMethod !== 'GET') throw new HttpError(405, 'method_not_allowed', `only GET is supported, not ${event.httpMethod}`);
    const parameters = singleValuedParameters(event);
    switch (matched.kind) {
      case 'datasets':
        return jsonResponse(200, datasetCatalog);
      case 'openapi':
        return jsonResponse(200, openApiDocument);
      case 'records':
        return records(matched.dataset, parameters, context);
      case 'query':
        return queryPage(matched.queryId, parameters);
    }
  }

  return async (event, context) => {
    let response: APIGatewayProxyResult;
    try {
      response = await route(event, context);
    } catch (error) {
      if (error instanceof HttpError) response = errorResponse(error);
      else {
        logger?.error('unexpected failure', { error: error as Error });
        response = errorResponse(new HttpError(500, 'internal_error', 'internal error'));
      }
    }
    if (response.statusCode >= 400 && response.statusCode < 500) record(QueryMetric.ClientErrors, MetricUnit.Count, 1);
    if (response.statusCode >= 500) record(QueryMetric.ServerErrors, MetricUnit.Count, 1);
    logger?.info('request answered', { method: event.httpMethod, path: event.path, statusCode: response.statusCode });
    if (metricsRecorded) metrics?.publishStoredMetrics();
    metricsRecorded = false;
    return response;
  };
}
