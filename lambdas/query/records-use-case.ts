/**
 * `GET /v1/datasets/{name}/records`: checks the request, runs the fixed records SQL through the engine and waits for it
 * within the budget; or, given a nextToken, serves the next page of the query it continues (query/dataset-query.ts).
 */
import { buildRecordsQuery } from '../core/records-query';
import { checkRecordsParameter, parseRecordsRequest } from '../core/request-params';
import { type DatasetQueryRequest, type DatasetQueryRoute, runDatasetQuery } from './dataset-query';
import type { QueryPorts } from './query-ports';
import type { QueryOutcome } from './result-page';

export type RecordsRequest = DatasetQueryRequest;

const RECORDS_ROUTE: DatasetQueryRoute = {
  key: 'records',
  readsCompactedDays: true,
  prepare(dataset, parameters, now, maxRangeDays) {
    const { spec, limit } = parseRecordsRequest(dataset, parameters, now, maxRangeDays);
    return {
      from: spec.from,
      to: spec.to,
      limit,
      build: (maxResultRows, compactedDays) => buildRecordsQuery(spec, maxResultRows, compactedDays),
    };
  },
  checkParameter: checkRecordsParameter,
};

export function listRecords(ports: QueryPorts, request: RecordsRequest): Promise<QueryOutcome> {
  return runDatasetQuery(ports, RECORDS_ROUTE, request);
}
