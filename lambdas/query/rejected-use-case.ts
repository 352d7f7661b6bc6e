/**
 * `GET /v1/datasets/{name}/rejected` and `.../rejected/daily`: the records the ingest refused over a range of receive
 * dates, and how many per day, through the same query flow as the records route (query/dataset-query.ts).
 */
import { apiRoute, type RouteKey } from '../core/api-routes';
import type { DatasetDefinition } from '../core/dataset';
import type { QueryRequest } from '../core/ports/query-engine';
import { buildRejectedDailyQuery, buildRejectedQuery, type ReceiveDateRange } from '../core/rejected-query';
import { checkRejectedParameter, parseRejectedRequest } from '../core/rejected-request';
import { rejectedRow } from '../core/rejected-rows';
import { type DatasetQueryRequest, type DatasetQueryRoute, runDatasetQuery } from './dataset-query';
import type { QueryPorts } from './query-ports';
import type { QueryOutcome } from './result-page';

export type RejectedRequest = DatasetQueryRequest;

type BuildQuery = (dataset: DatasetDefinition, range: ReceiveDateRange, maxResultRows: number) => QueryRequest;

function rejectedRoute(key: RouteKey, build: BuildQuery): DatasetQueryRoute {
  const route = apiRoute(key);
  return {
    key,
    // The rejected zone is never compacted.
    readsCompactedDays: false,
    prepare(dataset, parameters, now, maxRangeDays) {
      const { range, limit } = parseRejectedRequest(route, parameters, now, maxRangeDays);
      return { ...range, limit, build: (maxResultRows) => build(dataset, range, maxResultRows) };
    },
    checkParameter: (_dataset, name, value) => checkRejectedParameter(route, name, value),
  };
}

const REJECTED_ROUTE = rejectedRoute('rejected', buildRejectedQuery);
const REJECTED_DAILY_ROUTE = rejectedRoute('rejectedDaily', (dataset, range) => buildRejectedDailyQuery(dataset, range));

export async function listRejected(ports: QueryPorts, request: RejectedRequest): Promise<QueryOutcome> {
  const outcome = await runDatasetQuery(ports, REJECTED_ROUTE, request);
  if (outcome.kind !== 'page') return outcome;
  return { ...outcome, page: { ...outcome.page, rows: outcome.page.rows.map(rejectedRow) } };
}

export function countRejectedDaily(ports: QueryPorts, request: RejectedRequest): Promise<QueryOutcome> {
  return runDatasetQuery(ports, REJECTED_DAILY_ROUTE, request);
}
