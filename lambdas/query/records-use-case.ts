/**
 * `GET /v1/datasets/{name}/records`: checks the request, runs the fixed records SQL through the engine and waits for it
 * within the budget; or, given a nextToken, serves the next page of the query it continues.
 */
import { findDataset } from '../core/dataset-catalog';
import { buildRecordsQuery } from '../core/records-query';
import { parseRecordsRequest, type QueryParameters } from '../core/request-params';
import { resultReuseFor } from '../core/result-reuse';
import { answerDatasetQuery, continueDatasetQuery } from './dataset-query';
import type { QueryPorts } from './query-ports';
import type { QueryOutcome } from './result-page';

export interface RecordsRequest {
  readonly datasetName: string;
  readonly parameters: QueryParameters;
  /** How long to wait for the query before answering that it still runs. */
  readonly budgetMs: number;
}

export async function listRecords(ports: QueryPorts, request: RecordsRequest): Promise<QueryOutcome> {
  const { settings } = ports;
  const dataset = findDataset(ports.datasets, request.datasetName);
  const { parameters } = request;
  if (parameters.nextToken !== undefined)
    return continueDatasetQuery(ports, { route: 'records', dataset, parameters, nextToken: parameters.nextToken });

  const startedAt = ports.now();
  const { spec, limit } = parseRecordsRequest(dataset, parameters, startedAt, settings.maxRangeDays);
  const reuse = resultReuseFor(spec, startedAt, settings.resultReuseMaxAgeMinutes);
  const compacted = await ports.callEngine('read the compacted days', undefined, () =>
    ports.compactedDays.compactedDays(dataset.name, spec.from, spec.to),
  );
  const compactedDays = compacted.map((entry) => entry.day);
  const query = { ...buildRecordsQuery(spec, settings.maxResultRows, compactedDays), ...(reuse ? { resultReuse: reuse } : {}) };
  return answerDatasetQuery(ports, {
    route: 'records',
    dataset,
    query,
    range: spec,
    pageSize: limit,
    parameters,
    budgetMs: request.budgetMs,
  });
}
