/**
 * A nextToken the API issued works until its stated expiry, whatever else runs meanwhile: the local engine keeps a
 * finished query's whole result (not an open stream) for its retention time, however many other queries start, and
 * pages of one query are served while other queries hold results of their own.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { createDuckDbQueryEngine } from '../../../../lambdas/adapters/duckdb-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { EngineBusyError } from '../../../../lambdas/core/ports/query-engine';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent, INGESTED_AT, type PassengerLake, writePassengerLake } from '../../../fixtures/passenger-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const PASSENGERS = 6_000;
const DAY = '2025-01-20';
const NOW = () => INGESTED_AT;

/** 6,000 passengers on one day, 500 per message. */
function manyPassengers(): string[] {
  const messages: string[] = [];
  for (let first = 1; first <= PASSENGERS; first += 500) {
    const records = Array.from({ length: 500 }, (_, offset) => {
      const id = first + offset;
      return `{"passenger_id": ${id}, "flight_id": ${id % 7}, "name": "P${id}", "seat_number": "${id % 30}A", "boarded_at": "${DAY}T08:00:00Z"}`;
    });
    messages.push(`[${records.join(',')}]`);
  }
  return messages;
}

describe('DuckDB engine keeps finished results for their retention time', () => {
  const lake = useDuckDbLake({ messages: manyPassengers() });

  const handler = () =>
    createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 30_000, maxRangeDays: 31 },
      now: NOW,
    });
  const records = (query: Record<string, string>) =>
    handler()(apiEvent('/v1/datasets/passengers/records', { from: DAY, to: DAY, ...query }));

  it('serves page 2 of a query after 100 other queries ran', async () => {
    // Prepare
    const first = JSON.parse((await records({ order: 'passenger_id', columns: 'passenger_id', limit: '3' })).body);
    for (let other = 0; other < 100; other++) await records({ flight_id: String(other % 7), columns: 'name', limit: '5' });

    // Act
    const second = await records({ order: 'passenger_id', columns: 'passenger_id', limit: '3', nextToken: first.nextToken });

    // Assert
    expect(second.statusCode).toBe(200);
    expect(JSON.parse(second.body).rows).toEqual([{ passenger_id: 4 }, { passenger_id: 5 }, { passenger_id: 6 }]);
  });

  it('serves every page of a limit=1000 query while four other queries hold unread results', async () => {
    // Prepare
    const query = { order: 'passenger_id', columns: 'passenger_id', limit: '1000' };
    const first = await records(query);
    for (let other = 0; other < 4; other++) await records({ order: '-passenger_id', columns: 'passenger_id,name', limit: '1000' });

    // Act
    const statuses = [first.statusCode];
    const ids: number[] = JSON.parse(first.body).rows.map((row: { passenger_id: number }) => row.passenger_id);
    let nextToken: string | undefined = JSON.parse(first.body).nextToken;
    while (nextToken !== undefined && statuses.length < 10) {
      const page = await records({ ...query, nextToken });
      statuses.push(page.statusCode);
      const body = JSON.parse(page.body);
      ids.push(...(body.rows ?? []).map((row: { passenger_id: number }) => row.passenger_id));
      nextToken = body.nextToken;
    }

    // Assert
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(ids).toEqual(Array.from({ length: PASSENGERS }, (_, index) => index + 1));
  });
});

describe('DuckDB engine admission and expiry', () => {
  const SQL = 'SELECT "passenger_id", "name" FROM "passengers" ORDER BY "passenger_id"';
  let lake: PassengerLake;

  beforeAll(async () => {
    lake = await writePassengerLake();
  });

  afterAll(async () => {
    await lake.remove();
  });

  it('queues queries beyond the running limit in order and refuses one beyond the queue with EngineBusyError', async () => {
    // Prepare
    const engine = await createDuckDbQueryEngine({ lakeDir: lake.lakeDir, datasets, maxRunningQueries: 1, maxQueuedQueries: 2 });
    try {
      const started = [];
      for (let index = 0; index < 3; index++) started.push(await engine.startQuery({ sql: SQL, parameters: [] }));

      // Act
      const refused = engine.startQuery({ sql: SQL, parameters: [] });
      const queuedStatus = await engine.getQueryStatus(started[2]?.queryId ?? '');

      // Assert
      await expect(refused).rejects.toBeInstanceOf(EngineBusyError);
      await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 1 });
      expect(queuedStatus?.state).toBe('QUEUED');
      const finished = await Promise.all(started.map(({ queryId }) => engine.waitForQuery(queryId, 10_000)));
      expect(finished.map((status) => status?.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    } finally {
      await engine.close();
    }
  });

  it('refuses new queries while the stored results are over their byte budget, saying when the oldest expires, and takes them again once it has', async () => {
    // Prepare
    let now = Date.parse('2025-01-31T12:00:00.000Z');
    const engine = await createDuckDbQueryEngine({
      lakeDir: lake.lakeDir,
      datasets,
      maxStoredResultBytes: 1,
      resultTtlMs: 120_000,
      clock: () => now,
    });
    try {
      const { queryId } = await engine.startQuery({ sql: SQL, parameters: [] });
      const status = await engine.waitForQuery(queryId, 10_000);
      now += 30_000;

      // Act
      const whileFull = await engine.startQuery({ sql: SQL, parameters: [] }).catch((error: unknown) => error);
      now += 90_000;
      const afterExpiry = await engine.startQuery({ sql: SQL, parameters: [] });

      // Assert
      expect(status?.resultsExpireAt).toEqual(new Date(Date.parse('2025-01-31T12:02:00.000Z')));
      expect(whileFull).toBeInstanceOf(EngineBusyError);
      expect((whileFull as EngineBusyError).retryAfterSeconds).toBe(90);
      expect(await engine.getQueryStatus(queryId)).toBeUndefined();
      expect(afterExpiry.queryId).toEqual(expect.any(String));
      await engine.waitForQuery(afterExpiry.queryId, 10_000);
    } finally {
      await engine.close();
    }
  });

  it('answers 503 with Retry-After through the API when the engine is full, and 410 for a nextToken past its expiry', async () => {
    // Prepare
    let now = Date.parse('2025-01-31T12:00:00.000Z');
    const engine = await createDuckDbQueryEngine({
      lakeDir: lake.lakeDir,
      datasets,
      maxStoredResultBytes: 1,
      resultTtlMs: 60_000,
      clock: () => now,
    });
    const api = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      now: () => new Date(now),
    });
    const request = (query: Record<string, string>) =>
      api(
        apiEvent('/v1/datasets/passengers/records', { from: '2025-01-01', to: '2025-01-31', order: 'passenger_id', limit: '2', ...query }),
      );
    try {
      const first = JSON.parse((await request({})).body);

      // Act
      const busy = await request({});
      const secondPage = await request({ nextToken: first.nextToken });
      now += 60_000;
      const expired = await request({ nextToken: first.nextToken });

      // Assert
      expect(busy.statusCode).toBe(503);
      expect(busy.headers?.['retry-after']).toBe('60');
      expect(JSON.parse(busy.body).error.code).toBe('engine_busy');
      expect(secondPage.statusCode).toBe(200);
      expect(expired.statusCode).toBe(410);
      expect(JSON.parse(expired.body).error).toMatchObject({
        code: 'next_token_expired',
        message: expect.stringContaining('2025-01-31T12:01:00.000Z'),
      });
    } finally {
      await engine.close();
    }
  });

  it('deletes its stored result files when it closes', async () => {
    // Prepare
    const resultsDir = await mkdtemp(join(tmpdir(), 'lakeline-results-test-'));
    const engine = await createDuckDbQueryEngine({ lakeDir: lake.lakeDir, datasets, resultsDir });
    const { queryId } = await engine.startQuery({ sql: SQL, parameters: [] });
    await engine.waitForQuery(queryId, 10_000);
    const whileOpen = await readdir(resultsDir);

    // Act
    await engine.close();

    // Assert
    expect(whileOpen).toEqual([`${queryId}.parquet`]);
    expect(await readdir(resultsDir)).toEqual([]);
    await rm(resultsDir, { recursive: true, force: true });
  });
});
