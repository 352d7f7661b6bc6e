import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { passengers } from '../../../../datasets/passengers';
import { createDuckDbCompactionWriter } from '../../../../lambdas/adapters/duckdb-compaction-writer';
import { createDuckDbQueryEngine, type DuckDbQueryEngine } from '../../../../lambdas/adapters/duckdb-query-engine';
import { FilesystemLakeListing } from '../../../../lambdas/adapters/filesystem-lake-listing';
import { compactDataset } from '../../../../lambdas/compaction/compact-dataset';
import type { QueryRequest } from '../../../../lambdas/core/ports/query-engine';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { ManifestCatalog } from '../../../../local/compaction/manifest-catalog';
import { apiEvent, type DeliveredMessage, ingestBatchInto, type PassengerLake, writePassengerLake } from '../../../fixtures/passenger-lake';

const NOW = new Date('2025-02-01T12:00:00.000Z');
const MONTH = { from: '2025-01-01', to: '2025-01-31' };
const REDELIVERED: readonly DeliveredMessage[] = [
  {
    snsMessageId: 'sns-again',
    message:
      '[{"passenger_id": 10, "flight_id": 500, "name": "Twice", "seat_number": "9A", "boarded_at": "2025-01-10T10:00:00Z"},' +
      ' {"passenger_id": 11, "flight_id": 500, "name": "Next day", "seat_number": null, "boarded_at": "2025-01-11T10:00:00Z"}]',
  },
  { snsMessageId: 'sns-alone', message: '{"passenger_id": 12, "flight_id": 501, "name": "Alone", "boarded_at": "2025-01-12T10:00:00Z"}' },
];

async function rowsOf(engine: DuckDbQueryEngine, request: QueryRequest): Promise<readonly (readonly (string | null)[])[]> {
  const { queryId } = await engine.startQuery(request);
  const status = await engine.waitForQuery?.(queryId, 10_000);
  if (status?.state !== 'SUCCEEDED') throw new Error(`query ${queryId} ended ${JSON.stringify(status)}`);
  return (await engine.getQueryResults(queryId, { pageSize: 1000 })).rows;
}

describe('DuckDB query engine with the curated views of a compaction catalog', () => {
  let lake: PassengerLake;
  let catalog: ManifestCatalog;
  let engine: DuckDbQueryEngine;

  const records = async (query: Record<string, string>) => {
    const handler = createQueryHandler({
      compactedDays: catalog,
      engine,
      datasets,
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      now: () => NOW,
    });
    const response = await handler(apiEvent('/v1/datasets/passengers/records', query));
    const body = JSON.parse(response.body);
    return { statusCode: response.statusCode, rows: body.rows, more: body.nextToken !== undefined };
  };

  beforeAll(async () => {
    lake = await writePassengerLake();
    await ingestBatchInto(lake.lakeDir, REDELIVERED, new Date('2025-01-31T12:00:00.000Z'));
    await ingestBatchInto(lake.lakeDir, REDELIVERED, new Date('2025-01-31T12:05:00.000Z'));
    catalog = new ManifestCatalog(lake.lakeDir);
    engine = await createDuckDbQueryEngine({ lakeDir: lake.lakeDir, datasets, compactedRuns: catalog });
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('answers an empty curated view with the stored columns and dt while nothing is compacted', async () => {
    // Act
    const rows = await rowsOf(engine, { sql: 'SELECT count(*) FROM "lakeline_curated_passengers"', parameters: [] });
    const columns = await rowsOf(engine, {
      sql: "SELECT column_name FROM information_schema.columns WHERE table_name = 'lakeline_curated_passengers' ORDER BY ordinal_position",
      parameters: [],
    });

    // Assert
    expect(rows).toEqual([['0']]);
    expect(columns.flat()).toEqual([
      'passenger_id',
      'flight_id',
      'name',
      'seat_number',
      'boarded_at',
      'lakeline_message_id',
      'lakeline_record_index',
      'lakeline_ingested_at',
      'dt',
    ]);
  });

  it('answers the same records from the compacted Parquet days as from the raw lake with its duplicates', async () => {
    // Prepare
    const queries: Record<string, string>[] = [
      { ...MONTH, order: 'passenger_id' },
      { ...MONTH, order: 'passenger_id', flight_id: '500' },
      { from: '2025-01-10', to: '2025-01-11', columns: 'passenger_id,name,lakeline_ingested_at', order: 'passenger_id' },
      { ...MONTH, order: 'passenger_id', limit: '2' },
    ];
    const before = [];
    for (const query of queries) before.push(await records(query));
    const writer = await createDuckDbCompactionWriter(lake.lakeDir, datasets, catalog);
    let runs = 0;

    // Act
    const reports = await compactDataset(
      { listing: new FilesystemLakeListing(lake.lakeDir), catalog, writer, now: () => NOW, newRunId: () => `run-${++runs}` },
      passengers,
      { lagHours: 3 },
    );
    await writer.close();
    const after = [];
    for (const query of queries) after.push(await records(query));

    // Assert
    const curated = await rowsOf(engine, {
      sql: 'SELECT "dt", count(*) FROM "lakeline_curated_passengers" GROUP BY "dt" ORDER BY "dt"',
      parameters: [],
    });
    expect(reports.map((report) => [report.day, report.rows])).toEqual([
      ['2025-01-10', 3],
      ['2025-01-11', 2],
      ['2025-01-12', 3],
    ]);
    expect(curated).toEqual([
      ['2025-01-10', '3'],
      ['2025-01-11', '2'],
      ['2025-01-12', '3'],
    ]);
    expect(before.every((answer) => answer.statusCode === 200 && answer.rows.length > 0)).toBe(true);
    expect(after).toEqual(before);
  });

  it('follows a day switched to a new run', async () => {
    // Prepare
    const writer = await createDuckDbCompactionWriter(lake.lakeDir, datasets, catalog);
    const ports = { listing: new FilesystemLakeListing(lake.lakeDir), catalog, writer, now: () => NOW, newRunId: () => 'run-again' };
    const before = await records({ ...MONTH, order: 'passenger_id' });

    // Act
    const [report] = await compactDataset(ports, passengers, { lagHours: 3, day: '2025-01-10' });
    await writer.close();
    const after = await records({ ...MONTH, order: 'passenger_id' });

    // Assert
    const runs = await rowsOf(engine, {
      sql: "SELECT DISTINCT regexp_extract(filename, 'run=([^/]+)', 1) FROM read_parquet(?, filename = true)",
      parameters: [{ type: 'string', value: `${lake.lakeDir}/curated/passengers/dt=2025-01-10/*/*.parquet` }],
    });
    expect(report).toMatchObject({ day: '2025-01-10', runId: 'run-again', replacedRunId: 'run-1' });
    expect(runs.flat().sort()).toEqual(['run-1', 'run-again']);
    expect(after).toEqual(before);
  });

  it('answers a compacted day from its Parquet run, not from the raw files', async () => {
    // Prepare
    const before = await records({ from: '2025-01-10', to: '2025-01-10', order: 'passenger_id' });
    const rawDay = join(lake.lakeDir, 'raw/passengers/dt=2025-01-10');
    await rename(rawDay, join(lake.lakeDir, 'raw-aside'));

    // Act
    const after = await records({ from: '2025-01-10', to: '2025-01-10', order: 'passenger_id' });
    await rename(join(lake.lakeDir, 'raw-aside'), rawDay);

    // Assert
    expect(before.rows.map((row: { passenger_id: number }) => row.passenger_id)).toEqual([1, 2, 10]);
    expect(after).toEqual(before);
  });
});
