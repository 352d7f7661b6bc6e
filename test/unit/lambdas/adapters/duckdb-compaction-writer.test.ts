import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { passengers } from '../../../../datasets/passengers';
import { COMPACTED_FILE_NAME } from '../../../../lambdas/adapters/duckdb-compacted-file';
import { createDuckDbCompactionWriter, type DuckDbCompactionWriter } from '../../../../lambdas/adapters/duckdb-compaction-writer';
import { curatedRunPrefix, rawDatasetPrefix } from '../../../../lambdas/core/lake-keys';
import { ManifestCatalog } from '../../../../local/compaction/manifest-catalog';
import { type DeliveredMessage, ingestBatchInto, type PassengerLake, writePassengerLake } from '../../../fixtures/passenger-lake';

const DAY = '2025-01-10';
const BOARDINGS: readonly DeliveredMessage[] = [
  { snsMessageId: 'm-3', message: '{"passenger_id": 30, "flight_id": 7, "name": "C", "boarded_at": "2025-01-10T10:00:00Z"}' },
  { snsMessageId: 'm-1', message: '{"passenger_id": 10, "flight_id": 9, "name": "A", "boarded_at": "2025-01-10T08:00:00Z"}' },
  { snsMessageId: 'm-2', message: '{"passenger_id": 20, "flight_id": 7, "name": "B", "boarded_at": "2025-01-10T09:00:00Z"}' },
];

async function readParquet(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('DuckDB compaction writer', () => {
  let lake: PassengerLake;
  let writer: DuckDbCompactionWriter;

  beforeAll(async () => {
    lake = await writePassengerLake([]);
    await ingestBatchInto(lake.lakeDir, BOARDINGS, new Date('2025-01-10T12:00:00Z'));
    // The same messages delivered again later: every record is stored twice.
    await ingestBatchInto(lake.lakeDir, BOARDINGS.slice(0, 2), new Date('2025-01-11T12:00:00Z'));
    writer = await createDuckDbCompactionWriter(lake.lakeDir, datasets, new ManifestCatalog(lake.lakeDir));
  });

  afterAll(async () => {
    await writer.close();
    await lake.remove();
  });

  it('writes each record of the day once, earliest ingested copy, sorted by the filterable columns', async () => {
    // Prepare
    const runPrefix = curatedRunPrefix(passengers.name, DAY, 'run-sorted');

    // Act
    const { rows } = await writer.writeDay(passengers, DAY, runPrefix);

    // Assert
    const file = join(lake.lakeDir, runPrefix, COMPACTED_FILE_NAME);
    const stored = await readParquet(
      `SELECT passenger_id, flight_id, lakeline_message_id, CAST(lakeline_ingested_at AS VARCHAR) FROM read_parquet('${file}')`,
    );
    expect(rows).toBe(3);
    expect(stored).toEqual([
      [10n, 9n, 'm-1', '2025-01-10 12:00:00'],
      [20n, 7n, 'm-2', '2025-01-10 12:00:00'],
      [30n, 7n, 'm-3', '2025-01-10 12:00:00'],
    ]);
  });

  it('writes one ZSTD-compressed Parquet file with exactly the stored columns under the run prefix', async () => {
    // Prepare
    const runPrefix = curatedRunPrefix(passengers.name, DAY, 'run-format');

    // Act
    await writer.writeDay(passengers, DAY, runPrefix);

    // Assert
    const file = join(lake.lakeDir, runPrefix, COMPACTED_FILE_NAME);
    const codecs = await readParquet(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    const columns = await readParquet(`SELECT name FROM parquet_schema('${file}') WHERE num_children IS NULL`);
    expect(await readdir(join(lake.lakeDir, runPrefix))).toEqual([COMPACTED_FILE_NAME]);
    expect(codecs).toEqual([['ZSTD']]);
    expect(columns.flat()).toEqual([
      'passenger_id',
      'flight_id',
      'name',
      'seat_number',
      'boarded_at',
      'lakeline_message_id',
      'lakeline_record_index',
      'lakeline_ingested_at',
    ]);
  });

  it('writes an empty file and reports no rows for a day without records', async () => {
    // Prepare
    const runPrefix = curatedRunPrefix(passengers.name, '2025-01-09', 'run-empty');

    // Act
    const { rows } = await writer.writeDay(passengers, '2025-01-09', runPrefix);

    // Assert
    const count = await readParquet(`SELECT count(*) FROM read_parquet('${join(lake.lakeDir, runPrefix, COMPACTED_FILE_NAME)}')`);
    expect(rows).toBe(0);
    expect(count).toEqual([[0n]]);
  });

  it('refuses a prefix that is not a run prefix of the curated zone', async () => {
    // Act
    const written = writer.writeDay(passengers, DAY, 'raw/passengers/dt=2025-01-10/');

    // Assert
    await expect(written).rejects.toThrow('not a run prefix');
  });
});

describe('DuckDB compaction writer over a day compacted before', () => {
  const LATE: readonly DeliveredMessage[] = [
    { snsMessageId: 'm-late', message: '{"passenger_id": 40, "flight_id": 7, "name": "D", "boarded_at": "2025-01-10T11:00:00Z"}' },
  ];
  let lake: PassengerLake;
  let catalog: ManifestCatalog;
  let writer: DuckDbCompactionWriter;

  /** Writes `runId` for DAY and makes it the day's current run, as a compaction run does. */
  const compact = async (runId: string) => {
    const written = await writer.writeDay(passengers, DAY, curatedRunPrefix(passengers.name, DAY, runId));
    await catalog.switchDay(passengers.name, { day: DAY, runId, compactedAt: '2025-02-01T00:00:00.000Z' });
    return written;
  };
  const storedRows = (runId: string) =>
    readParquet(
      'SELECT passenger_id, lakeline_message_id, CAST(lakeline_ingested_at AS VARCHAR) ' +
        `FROM read_parquet('${join(lake.lakeDir, curatedRunPrefix(passengers.name, DAY, runId), COMPACTED_FILE_NAME)}')`,
    );

  beforeAll(async () => {
    lake = await writePassengerLake([]);
    await ingestBatchInto(lake.lakeDir, BOARDINGS, new Date('2025-01-10T12:00:00Z'));
    await ingestBatchInto(lake.lakeDir, BOARDINGS.slice(0, 2), new Date('2025-01-11T12:00:00Z'));
    catalog = new ManifestCatalog(lake.lakeDir);
    writer = await createDuckDbCompactionWriter(lake.lakeDir, datasets, catalog);
  });

  afterAll(async () => {
    await writer.close();
    await lake.remove();
  });

  it('writes the same rows again when the raw objects are all still there, each record once', async () => {
    // Prepare
    await compact('run-first');

    // Act
    const { rows } = await compact('run-again');

    // Assert
    expect(rows).toBe(3);
    expect(await storedRows('run-again')).toEqual(await storedRows('run-first'));
  });

  it("keeps every record of the day's current run once its raw objects expired, and adds the late record", async () => {
    // Prepare
    const rawDay = join(lake.lakeDir, `${rawDatasetPrefix(passengers.name)}dt=${DAY}`);
    for (const file of await readdir(rawDay)) await rm(join(rawDay, file));
    await ingestBatchInto(lake.lakeDir, LATE, new Date('2025-01-20T12:00:00Z'));

    // Act
    const { rows } = await compact('run-late');

    // Assert
    expect(rows).toBe(4);
    expect(await storedRows('run-late')).toEqual([
      [10n, 'm-1', '2025-01-10 12:00:00'],
      [20n, 'm-2', '2025-01-10 12:00:00'],
      [30n, 'm-3', '2025-01-10 12:00:00'],
      [40n, 'm-late', '2025-01-20 12:00:00'],
    ]);
  });
});
