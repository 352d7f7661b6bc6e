import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import type { DuckDbQueryEngine } from '../../../../lambdas/adapters/duckdb-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { InvalidPageTokenError, type QueryRequest } from '../../../../lambdas/core/ports/query-engine';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import {
  ATHENA_ROWS,
  apiEvent,
  BIG_PASSENGER_ID,
  type DeliveredMessage,
  ingestBatchInto,
  ingestInto,
  PASSENGER_MESSAGES,
} from '../../../fixtures/passenger-lake';
import { openDuckDbLake, useDuckDbLake } from '../../../support/duckdb-lake';

const ALL =
  'SELECT "passenger_id", "flight_id", "name", "seat_number", "boarded_at", "lakeline_message_id", "lakeline_record_index", "lakeline_ingested_at" FROM "passengers"';
const RANGE = [
  { type: 'string', value: '2025-01-01' },
  { type: 'string', value: '2025-01-31' },
] as const;

async function run(engine: DuckDbQueryEngine, request: QueryRequest, pageSize = 100) {
  const { queryId } = await engine.startQuery(request);
  const status = await engine.waitForQuery?.(queryId, 10_000);
  if (status?.state !== 'SUCCEEDED') return { queryId, status, rows: [] as (string | null)[][] };
  const page = await engine.getQueryResults(queryId, { pageSize });
  return { queryId, status, rows: page.rows, page };
}

describe('DuckDB query engine over a gzip NDJSON lake written by the ingest handler', () => {
  const lake = useDuckDbLake();

  it('reads every stored value exactly, rendered as Athena renders it', async () => {
    // Act
    const { rows, page } = await run(lake.engine, {
      sql: `${ALL} WHERE "dt" BETWEEN ? AND ? ORDER BY "passenger_id"`,
      parameters: [...RANGE],
    });

    // Assert
    expect(rows).toEqual(ATHENA_ROWS);
    expect(page?.columns.map((column) => column.type)).toEqual([
      'bigint',
      'bigint',
      'string',
      'string',
      'timestamp',
      'string',
      'int',
      'timestamp',
    ]);
  });

  it('prunes to the requested partitions through the dt parameters', async () => {
    // Act
    const { rows } = await run(lake.engine, {
      sql: 'SELECT "passenger_id" FROM "passengers" WHERE "dt" BETWEEN ? AND ? ORDER BY "passenger_id"',
      parameters: [
        { type: 'string', value: '2025-01-11' },
        { type: 'string', value: '2025-01-11' },
      ],
    });

    // Assert
    expect(rows).toEqual([['3']]);
  });

  it('binds values as parameters: a hostile string matches nothing, an exact one matches its row', async () => {
    // Prepare
    const sql = 'SELECT "passenger_id" FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "seat_number" = ?';

    // Act
    const hostile = await run(lake.engine, { sql, parameters: [...RANGE, { type: 'string', value: "' OR '1'='1" }] });
    const exact = await run(lake.engine, { sql, parameters: [...RANGE, { type: 'string', value: '1A' }] });

    // Assert
    expect(hostile.rows).toEqual([]);
    expect(exact.rows).toEqual([['1']]);
  });

  it('binds a bigint beyond 2^53 and a timestamp exactly', async () => {
    // Act
    const big = await run(lake.engine, {
      sql: 'SELECT "name" FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "passenger_id" = ?',
      parameters: [...RANGE, { type: 'bigint', value: BigInt(BIG_PASSENGER_ID) }],
    });
    const neighbour = await run(lake.engine, {
      sql: 'SELECT "name" FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "passenger_id" = ?',
      parameters: [...RANGE, { type: 'bigint', value: BigInt(BIG_PASSENGER_ID) - 1n }],
    });
    const boarded = await run(lake.engine, {
      sql: 'SELECT "name" FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "boarded_at" = ?',
      parameters: [...RANGE, { type: 'timestamp', value: new Date('2025-01-11T23:59:59.999Z') }],
    });

    // Assert
    expect(big.rows).toEqual([['Big Id']]);
    expect(neighbour.rows).toEqual([]);
    expect(boarded.rows).toEqual([['Bob; DROP TABLE x --']]);
  });

  it('pages through stored results with its own tokens and refuses a token it did not issue', async () => {
    // Prepare
    const { queryId } = await run(
      lake.engine,
      { sql: `${ALL} WHERE "dt" BETWEEN ? AND ? ORDER BY "passenger_id"`, parameters: [...RANGE] },
      2,
    );

    // Act
    const first = await lake.engine.getQueryResults(queryId, { pageSize: 2 });
    const second = await lake.engine.getQueryResults(queryId, { pageSize: 2, pageToken: first.nextToken });
    const third = await lake.engine.getQueryResults(queryId, { pageSize: 2, pageToken: second.nextToken });
    const forged = lake.engine.getQueryResults(queryId, { pageSize: 2, pageToken: '999' });

    // Assert
    expect([...first.rows, ...second.rows, ...third.rows].map((row) => row[0])).toEqual(['1', '2', '3', '4', BIG_PASSENGER_ID]);
    expect(third.nextToken).toBeUndefined();
    await expect(forged).rejects.toBeInstanceOf(InvalidPageTokenError);
  });

  it('reports a failing query as FAILED with the reason, and an unknown id as unknown', async () => {
    // Act
    const failed = await run(lake.engine, { sql: 'SELECT "no_such_column" FROM "passengers"', parameters: [] });
    const unknown = await lake.engine.getQueryStatus('00000000-0000-4000-8000-000000000000');

    // Assert
    expect(failed.status?.state).toBe('FAILED');
    expect(failed.status?.reason).toContain('no_such_column');
    expect(unknown).toBeUndefined();
  });
});

describe('DuckDB query engine before the first file arrives', () => {
  it('answers an empty result, then the rows once the ingest wrote them', async () => {
    // Prepare
    const lake = await openDuckDbLake({ messages: [] });
    const request: QueryRequest = { sql: `${ALL} WHERE "dt" BETWEEN ? AND ?`, parameters: [...RANGE] };

    try {
      // Act
      const before = await run(lake.engine, request);
      await ingestInto(lake.lakeDir, PASSENGER_MESSAGES.slice(0, 1));
      const after = await run(lake.engine, request);

      // Assert
      expect(before.status?.state).toBe('SUCCEEDED');
      expect(before.rows).toEqual([]);
      expect(after.rows).toEqual([ATHENA_ROWS[0]]);
    } finally {
      await lake.close();
    }
  });
});

describe('DuckDB query engine over a lake where at-least-once delivery stored a record twice', () => {
  const FIRST_DELIVERY = new Date('2025-01-31T12:00:00.000Z');
  const REDELIVERY = new Date('2025-01-31T12:05:00.000Z');
  /** Two records on two days: the first lands in a shared object, the second alone in its own. */
  const REDELIVERED: DeliveredMessage = {
    snsMessageId: 'sns-again',
    message:
      '[{"passenger_id": 10, "flight_id": 500, "name": "Twice", "seat_number": "9A", "boarded_at": "2025-01-10T10:00:00Z"},' +
      ' {"passenger_id": 11, "flight_id": 500, "name": "Overwritten", "seat_number": null, "boarded_at": "2025-01-11T10:00:00Z"}]',
  };
  const FIRST_COMPANION: DeliveredMessage = {
    snsMessageId: 'sns-first',
    message: '{"passenger_id": 12, "flight_id": 500, "name": "First batch", "seat_number": "9B", "boarded_at": "2025-01-10T11:00:00Z"}',
  };
  const SECOND_COMPANION: DeliveredMessage = {
    snsMessageId: 'sns-second',
    message: '{"passenger_id": 13, "flight_id": 500, "name": "Second batch", "seat_number": "9C", "boarded_at": "2025-01-10T12:00:00Z"}',
  };
  const MONTH = { from: '2025-01-01', to: '2025-01-31' };
  const lake = useDuckDbLake({
    messages: [],
    fill: async (lakeDir) => {
      // The same SNS message delivered in two batches with different companions, as SQS may do.
      await ingestBatchInto(lakeDir, [REDELIVERED, FIRST_COMPANION], FIRST_DELIVERY);
      await ingestBatchInto(lakeDir, [REDELIVERED, SECOND_COMPANION], REDELIVERY);
    },
  });

  const handler = () =>
    createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: () => REDELIVERY,
    });

  it('holds the record twice, under two different object keys', async () => {
    // Act
    const objects = await readdir(join(lake.lakeDir, 'raw', 'passengers', 'dt=2025-01-10'));
    const { rows } = await run(lake.engine, {
      sql: 'SELECT "lakeline_ingested_at" FROM "passengers" WHERE "passenger_id" = ? ORDER BY "lakeline_ingested_at"',
      parameters: [{ type: 'bigint', value: 10n }],
    });

    // Assert
    expect(objects).toHaveLength(2);
    expect(rows).toEqual([['2025-01-31 12:00:00.000'], ['2025-01-31 12:05:00.000']]);
  });

  it('answers each stored record once through the API, keeping the earliest ingested copy', async () => {
    // Prepare
    const event = apiEvent('/v1/datasets/passengers/records', {
      ...MONTH,
      order: 'passenger_id',
      columns: 'passenger_id,name,lakeline_message_id,lakeline_record_index,lakeline_ingested_at',
    });

    // Act
    const response = await handler()(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).rows).toEqual([
      {
        passenger_id: 10,
        name: 'Twice',
        lakeline_message_id: 'sns-again',
        lakeline_record_index: 0,
        lakeline_ingested_at: '2025-01-31T12:00:00.000Z',
      },
      {
        passenger_id: 11,
        name: 'Overwritten',
        lakeline_message_id: 'sns-again',
        lakeline_record_index: 1,
        lakeline_ingested_at: '2025-01-31T12:05:00.000Z',
      },
      {
        passenger_id: 12,
        name: 'First batch',
        lakeline_message_id: 'sns-first',
        lakeline_record_index: 0,
        lakeline_ingested_at: '2025-01-31T12:00:00.000Z',
      },
      {
        passenger_id: 13,
        name: 'Second batch',
        lakeline_message_id: 'sns-second',
        lakeline_record_index: 0,
        lakeline_ingested_at: '2025-01-31T12:05:00.000Z',
      },
    ]);
  });

  it('answers the record once when filtered, projected without lineage and unordered', async () => {
    // Prepare
    const event = apiEvent('/v1/datasets/passengers/records', { ...MONTH, passenger_id: '10', columns: 'name,seat_number' });

    // Act
    const response = await handler()(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).rows).toEqual([{ name: 'Twice', seat_number: '9A' }]);
  });

  it('pages without repeating the record across pages', async () => {
    // Prepare
    const ids: unknown[] = [];
    let nextToken: string | undefined;

    // Act
    for (let page = 0; page < 10; page++) {
      const query = {
        ...MONTH,
        flight_id: '500',
        order: '-boarded_at',
        columns: 'passenger_id',
        limit: '1',
        ...(nextToken ? { nextToken } : {}),
      };
      const body = JSON.parse((await handler()(apiEvent('/v1/datasets/passengers/records', query))).body);
      ids.push(...body.rows.map((row: { passenger_id: unknown }) => row.passenger_id));
      nextToken = body.nextToken;
      if (!nextToken) break;
    }

    // Assert
    expect(ids).toEqual([11, 13, 12, 10]);
  });
});
