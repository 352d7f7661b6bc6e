/**
 * `GET /v1/datasets/{name}/records`: checks the request, runs the fixed records SQL through the engine and waits for it
 * within the budget; or, given a nextToken, serves the next page of the query it continues.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { checkContinuation, parameterDigests } from '../core/continuation';
import type { DatasetDefinition } from '../core/dataset';
import { findDataset } from '../core/dataset-catalog';
import { badRequest, HttpError } from '../core/http-response';
import { buildRecordsQuery } from '../core/records-query';
import { parseRecordsRequest, type QueryParameters } from '../core/request-params';
import { resultReuseFor } from '../core/result-reuse';
import { QueryMetric } from '../core/telemetry';
import type { QueryPorts } from './query-ports';
import { failedQuery, knownStatus, liveToken, positionOf, type QueryOutcome, readResultPage } from './result-page';
import { isFinished, waitForQuery } from './wait-for-query';

export interface RecordsRequest {
  readonly datasetName: string;
  readonly parameters: QueryParameters;
  /** How long to wait for the query before answering that it still runs. */
  readonly budgetMs: number;
}

async function continueRecords(
  ports: QueryPorts,
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  nextToken: string,
): Promise<QueryOutcome> {
  const token = liveToken(nextToken, ports.now());
  if (token.dataset !== dataset.name) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another dataset');
  checkContinuation(dataset, parameters, token);
  const status = await knownStatus(ports, token.queryId);
  if (status.state !== 'SUCCEEDED') throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to a query that has no results');
  return { kind: 'page', page: await readResultPage(ports, token.queryId, status, token.pageSize, positionOf(token)) };
}

export async function listRecords(ports: QueryPorts, request: RecordsRequest): Promise<QueryOutcome> {
  const { engine, settings, logger, record } = ports;
  const dataset = findDataset(ports.datasets, request.datasetName);
  const { parameters } = request;
  if (parameters.nextToken !== undefined) return continueRecords(ports, dataset, parameters, parameters.nextToken);

  const startedAt = ports.now();
  const { spec, limit } = parseRecordsRequest(dataset, parameters, startedAt, settings.maxRangeDays);
  const reuse = resultReuseFor(spec, startedAt, settings.resultReuseMaxAgeMinutes);
  const compacted = await ports.callEngine('read the compacted days', undefined, () =>
    ports.compactedDays.compactedDays(dataset.name, spec.from, spec.to),
  );
  const compactedDays = compacted.map((entry) => entry.day);
  const query = { ...buildRecordsQuery(spec, settings.maxResultRows, compactedDays), ...(reuse ? { resultReuse: reuse } : {}) };
  const { queryId } = await ports.callEngine('start the query', undefined, () => engine.startQuery(query));
  record(QueryMetric.Queries, MetricUnit.Count, 1);
  logger?.info('query started', { queryId, dataset: dataset.name, from: spec.from, to: spec.to });

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
  if (!isFinished(status)) return { kind: 'running', queryId, status: status.state, pageSize: limit };
  if (status.state !== 'SUCCEEDED') throw failedQuery(ports, queryId, status);
  if (status.bytesScanned !== undefined) record(QueryMetric.BytesScanned, MetricUnit.Bytes, status.bytesScanned);
  if (status.engineMs !== undefined) record(QueryMetric.EngineTime, MetricUnit.Milliseconds, status.engineMs);
  const position = { served: 0, dataset: dataset.name, parameters: parameterDigests(parameters) };
  return { kind: 'page', page: await readResultPage(ports, queryId, status, limit, position) };
}
