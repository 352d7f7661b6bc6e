/** Waits for a query within a time budget: the engine's own wait when it has one, otherwise polling with backoff. */
import { setTimeout as sleep } from 'node:timers/promises';
import { FINISHED_STATES, type QueryEngine, type QueryStatus } from '../core/ports/query-engine';

export interface WaitOptions {
  readonly budgetMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
}

/** How long past the budget an engine call may take before it counts as hung (the engine's own wait should end on time). */
export const ENGINE_CALL_GRACE_MS = 1000;

export function isFinished(status: QueryStatus): boolean {
  return FINISHED_STATES.includes(status.state);
}

/** Rejects once `ms` passed, so an engine call that never settles cannot hold the request past its budget. */
export function settledWithin<T>(call: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms)) return call;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the query engine did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([call, hung]).finally(() => clearTimeout(timer));
}

/** Resolves with the last status seen: finished, or still running once the budget is spent; undefined if the engine forgot the query. */
export async function waitForQuery(engine: QueryEngine, queryId: string, options: WaitOptions): Promise<QueryStatus | undefined> {
  const budgetMs = Math.max(0, options.budgetMs);
  if (engine.waitForQuery) return settledWithin(engine.waitForQuery(queryId, budgetMs), budgetMs + ENGINE_CALL_GRACE_MS);
  const deadline = Date.now() + budgetMs;
  let interval = options.pollIntervalMs;
  for (;;) {
    const status = await settledWithin(engine.getQueryStatus(queryId), Math.max(0, deadline - Date.now()) + ENGINE_CALL_GRACE_MS);
    if (!status || isFinished(status)) return status;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return status;
    await sleep(Math.min(interval, remaining));
    interval = Math.min(interval * 2, options.maxPollIntervalMs);
  }
}
