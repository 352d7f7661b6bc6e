/**
 * Fault injection on the query engine: an engine that fails at each step, reports a failed query, never finishes,
 * or never answers at all. The handler answers 502 (naming the query when one was started) or 202 with the query id,
 * within its wait budget; a hang shows up as this file's vitest timeout.
 */

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import { NO_COMPACTED_DAYS } from '../../lambdas/core/ports/compaction-catalog';
import type { QueryEngine, QueryStatus, ResultPage } from '../../lambdas/core/ports/query-engine';
import { createQueryHandler } from '../../lambdas/query/handler';
import { apiEvent } from '../fixtures/api-gateway-events';

const WAIT_BUDGET_MS = 200;
const ENGINE_CALL_TIMEOUT_MS = 300;
const NOW = new Date('2025-01-31T15:00:00.000Z');
const never = <T>() => new Promise<T>(() => {});

type Step = 'start' | 'status' | 'results' | 'wait';
type Fault = 'throw' | 'hang';

interface FaultyEngineOptions {
  /** The state every status call reports. */
  readonly state?: QueryStatus['state'];
  readonly faults?: Partial<Record<Step, Fault>>;
  /** Offer `waitForQuery`, as the DuckDB adapter does (Athena is polled instead). */
  readonly notifies?: boolean;
}

function faultyEngine(options: FaultyEngineOptions): QueryEngine & { startedIds: string[] } {
  const startedIds: string[] = [];
  const faults = options.faults ?? {};
  const act = async <T>(step: Step, answer: () => T | Promise<T>): Promise<T> => {
    if (faults[step] === 'throw') throw new Error(`engine ${step} exploded`);
    if (faults[step] === 'hang') return never<T>();
    return answer();
  };
  const status = (): QueryStatus => ({ state: options.state ?? 'SUCCEEDED', reason: 'injected failure' });
  const engine: QueryEngine & { startedIds: string[] } = {
    startedIds,
    startQuery: (_request) =>
      act('start', () => {
        const queryId = randomUUID();
        startedIds.push(queryId);
        return { queryId };
      }),
    getQueryStatus: (_queryId) => act('status', status),
    getQueryResults: (_queryId, _page) => act('results', (): ResultPage => ({ columns: [], rows: [] })),
  };
  if (options.notifies) engine.waitForQuery = (_queryId, timeoutMs) => act('wait', () => sleep(Math.min(timeoutMs, 50)).then(status));
  return engine;
}

function recordsEvent(): APIGatewayProxyEvent {
  return {
    ...apiEvent('/v1/datasets/passengers/records', { from: '2025-01-30', to: '2025-01-31' }),
    resource: '/v1/datasets/{name}/records',
    pathParameters: { name: 'passengers' },
  };
}

async function ask(engine: QueryEngine): Promise<{ response: APIGatewayProxyResult; body: Record<string, unknown> }> {
  const handler = createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine,
    datasets,
    config: {
      waitBudgetMs: WAIT_BUDGET_MS,
      maxRangeDays: 31,
      pollIntervalMs: 10,
      maxPollIntervalMs: 40,
      engineCallTimeoutMs: ENGINE_CALL_TIMEOUT_MS,
    },
    now: () => NOW,
  });
  const response = await handler(recordsEvent());
  return { response, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe('query handler over a failing engine', () => {
  it('answers 502 engine_error without a query id when the engine cannot start the query', async () => {
    // Prepare
    const engine = faultyEngine({ faults: { start: 'throw' } });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    expect(response.statusCode).toBe(502);
    expect(body).toEqual({ error: { code: 'engine_error', message: 'the query engine failed to start the query' } });
  });

  it.each([
    ['a polled engine', false],
    ['a notifying engine', true],
  ])('answers 502 naming the query id when %s fails to report the status', async (_name, notifies) => {
    // Prepare
    const engine = faultyEngine({ notifies, faults: { status: 'throw', wait: 'throw' } });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    const queryId = engine.startedIds[0];
    expect(response.statusCode).toBe(502);
    expect(body.error).toMatchObject({ code: 'engine_error', queryId });
    expect(String((body.error as { message: string }).message)).toContain(String(queryId));
  });

  it.each(['FAILED', 'CANCELLED'] as const)('answers 502 query_failed naming the query id when the query ends %s', async (state) => {
    // Prepare
    const engine = faultyEngine({ state });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    const queryId = engine.startedIds[0];
    expect(response.statusCode).toBe(502);
    expect(body.error).toMatchObject({ code: 'query_failed', queryId });
    expect(String((body.error as { message: string }).message)).toContain('injected failure');
  });

  it('answers 502 naming the query id when the engine fails to read the results of a finished query', async () => {
    // Prepare
    const engine = faultyEngine({ faults: { results: 'throw' } });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    expect(response.statusCode).toBe(502);
    expect(body.error).toMatchObject({ code: 'engine_error', queryId: engine.startedIds[0] });
  });

  it.each([
    ['a polled engine whose query stays QUEUED', { state: 'QUEUED' }],
    ['a polled engine whose query stays RUNNING', { state: 'RUNNING' }],
    ['a notifying engine whose query stays RUNNING', { state: 'RUNNING', notifies: true }],
  ] as const)('answers 202 with the query id and a poll link for %s', async (_name, options) => {
    // Prepare
    const engine = faultyEngine(options);

    // Act
    const { response, body } = await ask(engine);

    // Assert
    const queryId = engine.startedIds[0];
    expect(response.statusCode).toBe(202);
    expect(body).toEqual({ queryId, status: options.state, poll: `/v1/queries/${queryId}` });
  });

  // A hang is bounded by the wait budget plus ENGINE_CALL_GRACE_MS (1 s); the 5 s test timeout is the failure.
  it.each([
    ['a notifying engine never returns from its wait', { state: 'RUNNING', notifies: true, faults: { wait: 'hang' } }],
    ['a polled engine never answers a status call', { state: 'RUNNING', faults: { status: 'hang' } }],
  ] as const)(
    'answers 502 naming the query id, without hanging, when %s',
    async (_name, options) => {
      // Prepare
      const engine = faultyEngine(options);

      // Act
      const { response, body } = await ask(engine);

      // Assert
      const queryId = engine.startedIds[0];
      expect(response.statusCode).toBe(502);
      expect(body.error).toMatchObject({ code: 'engine_error', queryId });
    },
    5_000,
  );

  it('answers 502 engine_error, without hanging, when the engine never answers the start of a query', async () => {
    // Prepare
    const engine = faultyEngine({ faults: { start: 'hang' } });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    expect(response.statusCode).toBe(502);
    expect(body).toEqual({ error: { code: 'engine_error', message: 'the query engine failed to start the query' } });
  }, 5_000);

  it('answers 502 naming the query id, without hanging, when the engine never returns the results of a finished query', async () => {
    // Prepare
    const engine = faultyEngine({ faults: { results: 'hang' } });

    // Act
    const { response, body } = await ask(engine);

    // Assert
    expect(response.statusCode).toBe(502);
    expect(body.error).toMatchObject({ code: 'engine_error', queryId: engine.startedIds[0] });
  }, 5_000);
});
