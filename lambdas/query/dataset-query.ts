/**
 * The flow every route that runs one query over a dataset shares: start the route's fixed SQL, wait for it within the
 * budget and serve its first page (or answer that it still runs); or, given a nextToken, serve the next page of the
 * query it continues, after checking the token belongs to this dataset and route.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RouteKey } from '../core/api-routes';
import { checkContinuation, type ParameterCheck, parameterDigests } from '../core/continuation';
import type { DatasetDefinition } from '../core/dataset';
import { badRequest, HttpError } from '../core/http-response';
import type { QueryRequest } from '../core/ports/query-engine';
import type { QueryParameters } from '../core/request-params';
import { QueryMetric } from '../core/telemetry';
import type { QueryPorts } from './query-ports';
import { failedQuery, knownStatus, liveToken, positionOf, type QueryOutcome, readResultPage } from './result-page';
import { isFinished, waitForQuery } from './wait-for-query';

export interface DatasetQuery {
  readonly route: RouteKey;
  readonly dataset: DatasetDefinition;
  readonly query: QueryRequest;
  /** The range the query reads, for the log. */
  readonly range: { readonly from: string; readonly to: string };
  readonly pageSize: number;
  /** The request's parameters, kept as digests in the nextTokens. */
  readonly parameters: QueryParameters;
  /** How long to wait for the query before answering that it still runs. */
  readonly budgetMs: number;
}

export interface DatasetContinuation {
  readonly route: RouteKey;
  readonly dataset: DatasetDefinition;
  readonly parameters: QueryParameters;
  readonly nextToken: string;
  /** How the route checks a parameter (default: as the records route does). */
  readonly check?: ParameterCheck;
}

/** Records tokens carry no route: they predate the other routes. */
const tokenRoute = (route: RouteKey) => (route === 'records' ? {} : { route });

export async function continueDatasetQuery(ports: QueryPorts, continuation: DatasetContinuation): Promise<QueryOutcome> {
  const { dataset, parameters, route } = continuation;
  const token = liveToken(continuation.nextToken, ports.now());
  if (token.dataset !== dataset.name) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another dataset');
  if ((token.route ?? 'records') !== route) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another route');
  checkContinuation(dataset, parameters, token, continuation.check);
  const status = await knownStatus(ports, token.queryId);
  if (status.state !== 'SUCCEEDED') throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to a query that has no results');
  return { kind: 'page', page: await readResultPage(ports, token.queryId, status, token.pageSize, positionOf(token)) };
}

export async function answerDatasetQuery(ports: QueryPorts, request: DatasetQuery): Promise<QueryOutcome> {
  const { engine, settings, logger, record } = ports;
  const { dataset, range } = request;
  const { queryId } = await ports.callEngine('start the query', undefined, () => engine.startQuery(request.query));
  record(QueryMetric.Queries, MetricUnit.Count, 1);
  logger?.info('query started', { queryId, dataset: dataset.name, from: range.from, to: range.to, ...tokenRoute(request.route) });

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
  if (!isFinished(status)) return { kind: 'running', queryId, status: status.state, pageSize: request.pageSize };
  if (status.state !== 'SUCCEEDED') throw failedQuery(ports, queryId, status);
  if (status.bytesScanned !== undefined) record(QueryMetric.BytesScanned, MetricUnit.Bytes, status.bytesScanned);
  if (status.engineMs !== undefined) record(QueryMetric.EngineTime, MetricUnit.Milliseconds, status.engineMs);
  const position = { served: 0, dataset: dataset.name, ...tokenRoute(request.route), parameters: parameterDigests(request.parameters) };
  return { kind: 'page', page: await readResultPage(ports, queryId, status, request.pageSize, position) };
}
