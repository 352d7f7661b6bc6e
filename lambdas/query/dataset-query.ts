/**
 * The flow every query over one dataset's rows shares (records, aggregates): check the request, read which days are
 * compacted, start the fixed SQL, wait for it within the budget and answer the first page or that it still runs; or,
 * given a nextToken, serve the next page of the query it continues, bound to the dataset, the route and the first
 * request's parameters.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { checkContinuation, checkTokenRoute, type ParameterCheck, parameterDigests } from '../core/continuation';
import type { DatasetDefinition } from '../core/dataset';
import { findDataset } from '../core/dataset-catalog';
import { badRequest, HttpError } from '../core/http-response';
import type { QueryRequest } from '../core/ports/query-engine';
import type { QueryParameters } from '../core/request-params';
import { resultReuseFor } from '../core/result-reuse';
import { QueryMetric } from '../core/telemetry';
import type { QueryPorts } from './query-ports';
import { failedQuery, knownStatus, liveToken, positionOf, type QueryOutcome, readResultPage } from './result-page';
import { isFinished, waitForQuery } from './wait-for-query';

export interface DatasetQueryRequest {
  readonly datasetName: string;
  readonly parameters: QueryParameters;
  /** How long to wait for the query before answering that it still runs. */
  readonly budgetMs: number;
}

/** A checked request, ready to become SQL once the compacted days of its range are known. */
export interface PreparedQuery {
  /** Inclusive partition range, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Rows per page. */
  readonly limit: number;
  build(maxResultRows: number, compactedDays: readonly string[]): QueryRequest;
}

/** What differs between the routes that query a dataset. */
export interface DatasetQueryRoute {
  /** The route key, which the nextTokens of its queries carry. */
  readonly key: string;
  /** Whether its SQL reads the dataset's logical table, so it needs the compacted days of the range. */
  readonly readsCompactedDays: boolean;
  /** Checks the whole request (every invalid parameter in one 400). */
  prepare(dataset: DatasetDefinition, parameters: QueryParameters, now: Date, maxRangeDays: number): PreparedQuery;
  /** Checks one parameter on its own, for a continuation. */
  readonly checkParameter: ParameterCheck;
}

async function continueQuery(
  ports: QueryPorts,
  route: DatasetQueryRoute,
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  nextToken: string,
): Promise<QueryOutcome> {
  const token = liveToken(nextToken, ports.now());
  if (token.dataset !== dataset.name) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another dataset');
  checkTokenRoute(token, route.key);
  checkContinuation(dataset, parameters, token, route.checkParameter);
  const status = await knownStatus(ports, token.queryId);
  if (status.state !== 'SUCCEEDED') throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to a query that has no results');
  return { kind: 'page', page: await readResultPage(ports, token.queryId, status, token.pageSize, positionOf(token)) };
}

export async function runDatasetQuery(ports: QueryPorts, route: DatasetQueryRoute, request: DatasetQueryRequest): Promise<QueryOutcome> {
  const { engine, settings, logger, record } = ports;
  const dataset = findDataset(ports.datasets, request.datasetName);
  const { parameters } = request;
  if (parameters.nextToken !== undefined) return continueQuery(ports, route, dataset, parameters, parameters.nextToken);

  const startedAt = ports.now();
  const prepared = route.prepare(dataset, parameters, startedAt, settings.maxRangeDays);
  const reuse = resultReuseFor(prepared, startedAt, settings.resultReuseMaxAgeMinutes);
  const compacted = route.readsCompactedDays
    ? await ports.callEngine('read the compacted days', undefined, () =>
        ports.compactedDays.compactedDays(dataset.name, prepared.from, prepared.to),
      )
    : [];
  const compactedDays = compacted.map((entry) => entry.day);
  const query = { ...prepared.build(settings.maxResultRows, compactedDays), ...(reuse ? { resultReuse: reuse } : {}) };
  const { queryId } = await ports.callEngine('start the query', undefined, () => engine.startQuery(query));
  record(QueryMetric.Queries, MetricUnit.Count, 1);
  logger?.info('query started', { queryId, dataset: dataset.name, route: route.key, from: prepared.from, to: prepared.to });

  const status = await ports.callEngine(
    'report the query status',
    queryId,
    () =>
      waitForQuery(engine, queryId, {
        budgetMs: request.budgetMs,
        pollIntervalMs: settings.pollIntervalMs,
        maxPollIntervalMs: settings.maxPollIntervalMs,
      }),
    // waitForQuery bounds each of its own engine calls by the wait budget.
    Number.POSITIVE_INFINITY,
  );
  if (!status) throw new HttpError(502, 'engine_error', `the query engine lost query ${queryId}`, queryId);
  if (!isFinished(status)) return { kind: 'running', queryId, status: status.state, pageSize: prepared.limit };
  if (status.state !== 'SUCCEEDED') throw failedQuery(ports, queryId, status);
  if (status.bytesScanned !== undefined) record(QueryMetric.BytesScanned, MetricUnit.Bytes, status.bytesScanned);
  if (status.engineMs !== undefined) record(QueryMetric.EngineTime, MetricUnit.Milliseconds, status.engineMs);
  const position = { served: 0, dataset: dataset.name, parameters: parameterDigests(parameters, route.key) };
  return { kind: 'page', page: await readResultPage(ports, queryId, status, prepared.limit, position) };
}
