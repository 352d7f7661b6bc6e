import type { QueryEngine, QueryRequest } from '../../lambdas/core/ports/query-engine';

export interface RecordingEngine {
  readonly engine: QueryEngine;
  /** Every request given to `startQuery`, in order. */
  readonly requests: QueryRequest[];
}

/** Wraps a query engine so a test can see the SQL and parameters each query was started with; everything else is passed through. */
export function recordingEngine(inner: QueryEngine): RecordingEngine {
  const requests: QueryRequest[] = [];
  const waitForQuery = inner.waitForQuery?.bind(inner);
  const engine: QueryEngine = {
    startQuery: (request) => {
      requests.push(request);
      return inner.startQuery(request);
    },
    getQueryStatus: (queryId) => inner.getQueryStatus(queryId),
    getQueryResults: (queryId, page) => inner.getQueryResults(queryId, page),
    ...(waitForQuery ? { waitForQuery } : {}),
  };
  return { engine, requests };
}
