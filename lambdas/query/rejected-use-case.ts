/**
 * `GET /v1/datasets/{name}/rejected` and `.../rejected/daily`: the records the ingest refused over a range of receive
 * dates, and how many per day, through the same query flow as the records route.
 */
import { apiRoute, type RouteKey } from '../core/api-routes';
import type { DatasetDefinition } from '../core/dataset';
import { findDataset } from '../core/dataset-catalog';
import type { QueryRequest } from '../core/ports/query-engine';
import { buildRejectedDailyQuery, buildRejectedQuery, type ReceiveDateRange } from '../core/rejected-query';
import { checkRejectedParameter, parseRejectedRequest } from '../core/rejected-request';
import { rejectedRow } from '../core/rejected-rows';
import type { QueryParameters } from '../core/request-params';
import { resultReuseFor } from '../core/result-reuse';
import { answerDatasetQuery, continueDatasetQuery } from './dataset-query';
import type { QueryPorts } from './query-ports';
import type { QueryOutcome } from './result-page';

export interface RejectedRequest {
  readonly datasetName: string;
  readonly parameters: QueryParameters;
  /** How long to wait for the query before answering that it still runs. */
  readonly budgetMs: number;
}

type BuildQuery = (dataset: DatasetDefinition, range: ReceiveDateRange) => QueryRequest;

async function answer(ports: QueryPorts, key: RouteKey, request: RejectedRequest, build: BuildQuery): Promise<QueryOutcome> {
  const route = apiRoute(key);
  const dataset = findDataset(ports.datasets, request.datasetName);
  const { parameters } = request;
  if (parameters.nextToken !== undefined)
    return continueDatasetQuery(ports, {
      route: key,
      dataset,
      parameters,
      nextToken: parameters.nextToken,
      check: (name, value) => checkRejectedParameter(route, name, value),
    });
  const startedAt = ports.now();
  const { range, limit } = parseRejectedRequest(route, parameters, startedAt, ports.settings.maxRangeDays);
  const reuse = resultReuseFor(range, startedAt, ports.settings.resultReuseMaxAgeMinutes);
  const query = { ...build(dataset, range), ...(reuse ? { resultReuse: reuse } : {}) };
  return answerDatasetQuery(ports, { route: key, dataset, query, range, pageSize: limit, parameters, budgetMs: request.budgetMs });
}

export async function listRejected(ports: QueryPorts, request: RejectedRequest): Promise<QueryOutcome> {
  const outcome = await answer(ports, 'rejected', request, (dataset, range) =>
    buildRejectedQuery(dataset, range, ports.settings.maxResultRows),
  );
  if (outcome.kind !== 'page') return outcome;
  return { ...outcome, page: { ...outcome.page, rows: outcome.page.rows.map(rejectedRow) } };
}

export function countRejectedDaily(ports: QueryPorts, request: RejectedRequest): Promise<QueryOutcome> {
  return answer(ports, 'rejectedDaily', request, buildRejectedDailyQuery);
}
