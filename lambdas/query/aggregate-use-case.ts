/**
 * `GET /v1/datasets/{name}/aggregate`: checks the grouping and measures against the dataset definition, runs the fixed
 * aggregate SQL through the engine and waits for it within the budget; or, given a nextToken, serves the next page of
 * the query it continues (query/dataset-query.ts).
 */
import { buildAggregateQuery } from '../core/aggregate-query';
import { checkAggregateParameter, parseAggregateRequest } from '../core/aggregate-request';
import { type DatasetQueryRequest, type DatasetQueryRoute, runDatasetQuery } from './dataset-query';
import type { QueryPorts } from './query-ports';
import type { QueryOutcome } from './result-page';

export type AggregateRequest = DatasetQueryRequest;

const AGGREGATE_ROUTE: DatasetQueryRoute = {
  key: 'aggregate',
  readsCompactedDays: true,
  prepare(dataset, parameters, now, maxRangeDays) {
    const { spec, limit } = parseAggregateRequest(dataset, parameters, now, maxRangeDays);
    return {
      from: spec.from,
      to: spec.to,
      limit,
      build: (maxResultRows, compactedDays) => buildAggregateQuery(spec, maxResultRows, compactedDays),
    };
  },
  checkParameter: checkAggregateParameter,
};

export function aggregateRecords(ports: QueryPorts, request: AggregateRequest): Promise<QueryOutcome> {
  return runDatasetQuery(ports, AGGREGATE_ROUTE, request);
}
