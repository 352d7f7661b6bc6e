/** Waits for a query within a time budget: the engine's own wait when it has one, otherwise polling with backoff. */
import { FINISHED_STATES, type QueryEngine, type QueryStatus } from '../adapters/query-engine';

export interface WaitOptions {
  readonly budgetMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isFinished(status: QueryStatus): boolean {
  return FINISHED_STATES.includes(status.state);
}

/** Resolves with the last status seen: finished, or still running once the budget is spent; undefined if the engine forgot the query. */
export async function waitForQuery(engine: QueryEngine, queryId: string, options: WaitOptions): Promise<QueryStatus | undefined> {
  if (engine.waitForQuery) return engine.waitForQuery(queryId, Math.max(0, options.budgetMs));
  const deadline = Date.now() + options.budgetMs;
  let interval = options.pollIntervalMs;
  for (;;) {
    const status = await engine.getQueryStatus(queryId);
    if (!status || isFinished(status)) return status;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return status;
    await sleep(Math.min(interval, remaining));
    interval = Math.min(interval * 2, options.maxPollIntervalMs);
  }
}
