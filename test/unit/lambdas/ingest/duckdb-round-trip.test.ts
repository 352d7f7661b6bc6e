import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { lakeViewSql } from '../../../../lambdas/adapters/duckdb-lake-views';
import { FilesystemObjectStore } from '../../../../lambdas/adapters/filesystem-object-store';
import type { DatasetDefinition } from '../../../../lambdas/core/dataset';
import { createIngestHandler } from '../../../../lambdas/ingest/handler';
import { allTypes } from '../../../fixtures/all-types-dataset';
import { snsEnvelope, sqsEventOf } from '../../../fixtures/sqs-events';

let lakeDir: string;
let instance: DuckDBInstance;

beforeAll(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-duckdb-'));
  instance = await DuckDBInstance.create(':memory:');
});

afterAll(async () => {
  instance.closeSync();
  await rm(lakeDir, { recursive: true, force: true });
});

/** When SNS received the messages: no record below is dated more than the ingest's one-day tolerance after it. */
const RECEIVED_AT = new Date('2025-03-01T00:00:00.000Z');

async function ingest(dataset: DatasetDefinition, messages: Array<{ id: string; message: unknown }>): Promise<void> {
  const handler = createIngestHandler({
    store: new FilesystemObjectStore(lakeDir),
    dataset,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => new Date('2025-02-10T08:00:00.123Z'),
  });
  const response = await handler(
    sqsEventOf(
      messages.map(({ id, message }) => ({ body: snsEnvelope(message, { messageId: id, timestamp: RECEIVED_AT }), messageId: id })),
    ),
  );
  expect(response.batchItemFailures).toEqual([]);
}

/** Reads a dataset's lake files through the local mode's view: explicit column types from the definition, hive partition `dt`. */
async function readLake(dataset: DatasetDefinition, select: string): Promise<Array<Record<string, unknown>>> {
  const connection = await instance.connect();
  try {
    await connection.run(lakeViewSql(lakeDir, dataset));
    const reader = await connection.runAndReadAll(
      `SELECT ${select} FROM "${dataset.name}" ORDER BY lakeline_message_id, lakeline_record_index`,
    );
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
  }
}

describe('lake files read back by DuckDB with the Glue column types', () => {
  it('give back every valid passenger with exact bigints, UTC timestamps and the partition date', async () => {
    // Prepare
    await ingest(passengers, [
      {
        id: 'm-1',
        message:
          '{"passenger_id": 9223372036854775807, "flight_id": 9007199254740993, "name": "Zoë 🛫", "seat_number": "12A", "boarded_at": "2025-02-01T00:30:00.123+02:00"}',
      },
      {
        id: 'm-2',
        message:
          '[{"passenger_id": -9223372036854775808, "flight_id": 1, "name": "李小龍", "boarded_at": "2025-01-31T23:59:59.999-00:30"}, {"passenger_id": "bad"}]',
      },
    ]);

    // Act
    const rows = await readLake(
      passengers,
      "passenger_id, flight_id, name, seat_number, strftime(boarded_at, '%Y-%m-%d %H:%M:%S.%g') AS boarded_at, epoch_ms(boarded_at) AS boarded_ms, CAST(dt AS VARCHAR) AS dt, lakeline_message_id, lakeline_record_index, typeof(passenger_id) AS id_type, typeof(boarded_at) AS at_type, typeof(lakeline_ingested_at) AS ingested_type, strftime(lakeline_ingested_at, '%Y-%m-%d %H:%M:%S.%g') AS ingested_at",
    );

    // Assert
    expect(rows).toEqual([
      {
        passenger_id: 9223372036854775807n,
        flight_id: 9007199254740993n,
        name: 'Zoë 🛫',
        seat_number: '12A',
        boarded_at: '2025-01-31 22:30:00.123',
        boarded_ms: BigInt(Date.parse('2025-02-01T00:30:00.123+02:00')),
        dt: '2025-01-31',
        lakeline_message_id: 'm-1',
        lakeline_record_index: 0,
        id_type: 'BIGINT',
        at_type: 'TIMESTAMP',
        ingested_type: 'TIMESTAMP',
        ingested_at: '2025-02-10 08:00:00.123',
      },
      {
        passenger_id: -9223372036854775808n,
        flight_id: 1n,
        name: '李小龍',
        seat_number: null,
        boarded_at: '2025-02-01 00:29:59.999',
        boarded_ms: BigInt(Date.parse('2025-01-31T23:59:59.999-00:30')),
        dt: '2025-02-01',
        lakeline_message_id: 'm-2',
        lakeline_record_index: 0,
        id_type: 'BIGINT',
        at_type: 'TIMESTAMP',
        ingested_type: 'TIMESTAMP',
        ingested_at: '2025-02-10 08:00:00.123',
      },
    ]);
  });

  it('give back every column type of a dataset with the declared types', async () => {
    // Prepare
    await ingest(allTypes, [
      {
        id: 'm-all',
        message: [
          { label: 'full', count: -2147483648, big: 42, ratio: 0.1, flag: true, day: '2024-02-29', at: '2025-03-01T00:00:00.001+01:00' },
          { label: 'sparse', at: '2025-03-01T12:00:00Z' },
        ],
      },
    ]);

    // Act
    const rows = await readLake(
      allTypes,
      'label, "count", big, ratio, flag, strftime("day", \'%Y-%m-%d\') AS "day", strftime("at", \'%Y-%m-%d %H:%M:%S.%g\') AS "at", CAST(dt AS VARCHAR) AS dt, typeof("count") AS count_type, typeof(ratio) AS ratio_type, typeof(flag) AS flag_type, typeof("day") AS day_type',
    );

    // Assert
    expect(rows).toEqual([
      {
        label: 'full',
        count: -2147483648,
        big: 42n,
        ratio: 0.1,
        flag: true,
        day: '2024-02-29',
        at: '2025-02-28 23:00:00.001',
        dt: '2025-02-28',
        count_type: 'INTEGER',
        ratio_type: 'DOUBLE',
        flag_type: 'BOOLEAN',
        day_type: 'DATE',
      },
      {
        label: 'sparse',
        count: null,
        big: null,
        ratio: null,
        flag: null,
        day: null,
        at: '2025-03-01 12:00:00.000',
        dt: '2025-03-01',
        count_type: 'INTEGER',
        ratio_type: 'DOUBLE',
        flag_type: 'BOOLEAN',
        day_type: 'DATE',
      },
    ]);
  });
});
