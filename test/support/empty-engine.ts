import { randomUUID } from 'node:crypto';
import type { QueryEngine } from '../../lambdas/core/ports/query-engine';

/** An engine whose queries succeed at once with no rows: for tests about requests, not results. */
export function emptyEngine(): QueryEngine {
  const known = new Set<string>();
  return {
    startQuery: async () => {
      const queryId = randomUUID();
      known.add(queryId);
      return { queryId };
    },
    getQueryStatus: async (queryId) => (known.has(queryId) ? { state: 'SUCCEEDED' } : undefined),
    getQueryResults: async () => ({ columns: [], rows: [] }),
  };
}
