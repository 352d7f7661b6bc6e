/**
 * Raw vs compacted: builds a `passengers` lake of 1,000,000 rows over 30 days with the ingest core (1 % of the
 * messages delivered twice), compacts every day with the local compaction run (DuckDB COPY to ZSTD Parquet), then runs
 * the project's own SQL on DuckDB over the raw days and over the compacted days: a 30-day filtered records query (all
 * columns), a two-column projection with the filter, and a 30-day GROUP BY over the dataset's one logical table.
 *
 * Bytes read are counted from the files, not from the engine: raw, the gzip objects of the days read (a JSON object is
 * read whole); compacted, the compressed column chunks of the columns the query names (Parquet metadata), with no
 * credit for row groups a filter could skip. Times are medians of repeated runs after a warm-up, raw and compacted
 * interleaved in the same process.
 *
 * Usage: npm run bench:compaction -- [--rows 1000000] [--iterations 5]   (LAKELINE_BENCH_5M=1 adds 5,000,000 rows)
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { passengers } from '../datasets/passengers';
import { COMPACTED_ROW_GROUP_SIZE, createDuckDbCompactionWriter } from '../lambdas/adapters/duckdb-compaction-writer';
import { curatedViewSql } from '../lambdas/adapters/duckdb-curated-views';
import { lakeViewSql } from '../lambdas/adapters/duckdb-lake-views';
import { bindParameter } from '../lambdas/adapters/duckdb-values';
import { FilesystemLakeListing } from '../lambdas/adapters/filesystem-lake-listing';
import { compactDataset } from '../lambdas/compaction/compact-dataset';
import { PARTITION_KEY } from '../lambdas/core/dataset';
import { curatedRunPrefix, rawDatasetPrefix } from '../lambdas/core/lake-keys';
import { lakeRows } from '../lambdas/core/lake-rows';
import type { QueryRequest } from '../lambdas/core/ports/query-engine';
import { buildRecordsQuery, DEFAULT_MAX_RESULT_ROWS } from '../lambdas/core/records-query';
import { parseRecordsRequest } from '../lambdas/core/request-params';
import { quoteIdentifier } from '../lambdas/core/sql-text';
import { ManifestCatalog } from '../local/compaction/manifest-catalog';
import { BENCH_FIRST_DAY, benchDay, buildBenchLake, DAY_MS } from './bench-lake';
import {
  type CaseKind,
  type ColumnChunk,
  columnChunkBytes,
  compactionGoals,
  type Goal,
  parquetRows,
  rowGroupCount,
} from './compaction-figures';
import { readLakeCopies } from './lake-copies';
import { median, numberFlag } from './statistics';

export interface CompactionBenchOptions {
  readonly rows?: number;
  readonly days?: number;
  readonly iterations?: number;
  readonly duplicateShare?: number;
  readonly log?: (line: string) => void;
}

export interface CompactionCase {
  readonly name: string;
  readonly kind: CaseKind | 'projection';
  /** Parquet columns the compacted query reads (the partition `dt` is in the path, not in the files). */
  readonly columnsRead: readonly string[];
  readonly rowsReturned: number;
  readonly rawBytes: number;
  readonly compactedBytes: number;
  /** compacted / raw. */
  readonly bytesShare: number;
  readonly rawMedianMs: number;
  readonly compactedMedianMs: number;
  /** raw / compacted. */
  readonly speedup: number;
}

export interface CompactionBenchResult {
  readonly rows: number;
  readonly days: number;
  readonly iterations: number;
  readonly buildLakeSeconds: number;
  readonly rawObjects: number;
  readonly rawBytes: number;
  /** Extra stored copies, read from the raw objects. */
  readonly storedCopies: number;
  /** Distinct records, read from the raw objects. */
  readonly distinctRecords: number;
  readonly compactSeconds: number;
  readonly compactedDays: number;
  readonly compactedFiles: number;
  /** Rows in the Parquet files, from their metadata. */
  readonly compactedRows: number;
  readonly compactedBytes: number;
  readonly rowGroups: number;
  readonly cases: readonly CompactionCase[];
  readonly goals: readonly Goal[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** Runs `query` with its parameters bound and reads every row. */
async function runQuery(connection: DuckDBConnection, query: QueryRequest): Promise<unknown[][]> {
  const statement = await connection.prepare(query.sql);
  query.parameters.forEach((parameter, index) => {
    bindParameter(statement, index + 1, parameter);
  });
  return (await statement.runAndReadAll()).getRowsJS();
}

/** The answer as comparable text: rows sorted, so raw and compacted answers can be checked to be the same. */
function answerText(rows: readonly unknown[][]): string {
  return rows
    .map((row) => JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? value.toString() : value)))
    .sort()
    .join('\n');
}

async function sizeOfRawDays(lakeDir: string, keys: readonly string[], from: string, to: string): Promise<number> {
  let bytes = 0;
  for (const key of keys) {
    const day = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
    if (day !== undefined && day >= from && day <= to) bytes += (await stat(join(lakeDir, key))).size;
  }
  return bytes;
}

export async function runCompactionBench(options: CompactionBenchOptions = {}): Promise<CompactionBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const days = options.days ?? 30;
  const iterations = options.iterations ?? 5;
  const log = options.log ?? ((line: string) => console.log(line));
  const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-compaction-bench-'));
  try {
    const built = await timed(() => buildBenchLake(lakeDir, { rows, days, duplicateShare: options.duplicateShare ?? 0.01 }));
    const lake = built.value;
    const stored = readLakeCopies(lakeDir, passengers.name);
    if (stored.records !== rows || stored.extraCopies !== lake.redeliveredMessages)
      throw new Error(
        `the lake holds ${stored.records} records and ${stored.extraCopies} copies, not ${rows} and ${lake.redeliveredMessages}`,
      );
    log(
      `lake: ${rows.toLocaleString('en')} records + ${stored.extraCopies.toLocaleString('en')} stored copies, ${days} days, ` +
        `${lake.objects} objects, ${(lake.bytes / 1e6).toFixed(1)} MB gzip, built in ${(built.ms / 1000).toFixed(1)} s`,
    );

    const listing = new FilesystemLakeListing(lakeDir);
    const catalog = new ManifestCatalog(lakeDir);
    const writer = await createDuckDbCompactionWriter(lakeDir, [passengers], catalog);
    let runs = 0;
    const compacted = await timed(() =>
      compactDataset(
        {
          listing,
          catalog,
          writer,
          now: () => new Date(BENCH_FIRST_DAY + (days + 1) * DAY_MS),
          newRunId: () => `bench-${++runs}`,
        },
        passengers,
        { lagHours: 3 },
      ),
    );
    await writer.close();
    const currentRuns = await catalog.compactedDays(passengers.name, benchDay(0), benchDay(days - 1));
    const files = currentRuns.map((run) => join(lakeDir, curatedRunPrefix(passengers.name, run.day, run.runId), '*.parquet'));

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(lakeViewSql(lakeDir, passengers));
      await connection.run(curatedViewSql(lakeDir, passengers, currentRuns));
      const metadata = (
        await connection.runAndReadAll(
          `SELECT file_name, row_group_id, path_in_schema, total_compressed_size, row_group_num_rows FROM parquet_metadata([${files.map((file) => `'${file}'`).join(', ')}])`,
        )
      ).getRowsJS();
      const chunks: ColumnChunk[] = metadata.map(([file, rowGroup, column, compressedBytes, groupRows]) => ({
        file: String(file),
        rowGroup: Number(rowGroup),
        column: String(column),
        compressedBytes: Number(compressedBytes),
        rows: Number(groupRows),
      }));
      const compactedRows = parquetRows(chunks);
      if (compactedRows !== stored.records)
        throw new Error(`the compacted files hold ${compactedRows} rows, the raw objects ${stored.records} distinct records`);
      const compactedFiles = new Set(chunks.map((chunk) => chunk.file)).size;
      const compactedBytes = chunks.reduce((sum, chunk) => sum + chunk.compressedBytes, 0);
      log(
        `compacted ${compacted.value.length} days in ${(compacted.ms / 1000).toFixed(1)} s: ${compactedFiles} files, ${rowGroupCount(chunks)} row groups, ` +
          `${compactedRows.toLocaleString('en')} rows (= distinct records read from the raw objects), ${(compactedBytes / 1e6).toFixed(1)} MB ZSTD Parquet`,
      );

      const from = benchDay(0);
      const to = benchDay(days - 1);
      const now = new Date(BENCH_FIRST_DAY + (days + 1) * DAY_MS);
      const allDays = currentRuns.map((run) => run.day);
      const rawKeys = await listing.listKeys(rawDatasetPrefix(passengers.name));
      const rawRangeBytes = await sizeOfRawDays(lakeDir, rawKeys, from, to);
      const records = (request: Record<string, string>) => parseRecordsRequest(passengers, { from, to, ...request }, now, 31).spec;
      const allColumns = records({ flight_id: '42' });
      const projection = records({ flight_id: '42', columns: 'passenger_id,name' });
      const groupBy = (compactedDays: readonly string[]): QueryRequest => {
        const scope = lakeRows({ dataset: passengers, from, to, filters: [], compactedDays }, [PARTITION_KEY, 'flight_id']);
        const keys = `${quoteIdentifier(PARTITION_KEY)}, ${quoteIdentifier('flight_id')}`;
        return {
          sql: `SELECT ${keys}, count(*) AS ${quoteIdentifier('records')} FROM (${scope.sql}) GROUP BY ${keys}`,
          parameters: scope.parameters,
        };
      };
      const specs: {
        name: string;
        kind: CompactionCase['kind'];
        columnsRead: string[];
        query: (days: readonly string[]) => QueryRequest;
      }[] = [
        {
          name: '30 days, flight_id filter, all columns',
          kind: 'all columns',
          columnsRead: allColumns.columns.map((column) => column.name),
          query: (compactedDays) => buildRecordsQuery(allColumns, DEFAULT_MAX_RESULT_ROWS, compactedDays),
        },
        {
          name: '30 days, flight_id filter, 2 columns',
          kind: 'projection',
          columnsRead: ['passenger_id', 'name', 'flight_id'],
          query: (compactedDays) => buildRecordsQuery(projection, DEFAULT_MAX_RESULT_ROWS, compactedDays),
        },
        { name: '30 days, count per day per flight', kind: 'group by', columnsRead: ['flight_id'], query: groupBy },
      ];

      const cases: CompactionCase[] = [];
      for (const spec of specs) {
        const raw = spec.query([]);
        const curated = spec.query(allDays);
        const rawAnswer = await runQuery(connection, raw);
        const curatedAnswer = await runQuery(connection, curated);
        if (answerText(rawAnswer) !== answerText(curatedAnswer)) throw new Error(`${spec.name}: raw and compacted answers differ`);
        const rawMs: number[] = [];
        const curatedMs: number[] = [];
        for (let iteration = 0; iteration < iterations; iteration++) {
          rawMs.push((await timed(() => runQuery(connection, raw))).ms);
          curatedMs.push((await timed(() => runQuery(connection, curated))).ms);
        }
        const compactedCaseBytes = columnChunkBytes(chunks, spec.columnsRead);
        const rawMedianMs = median(rawMs);
        const compactedMedianMs = median(curatedMs);
        const benchCase: CompactionCase = {
          name: spec.name,
          kind: spec.kind,
          columnsRead: spec.columnsRead,
          rowsReturned: rawAnswer.length,
          rawBytes: rawRangeBytes,
          compactedBytes: compactedCaseBytes,
          bytesShare: compactedCaseBytes / rawRangeBytes,
          rawMedianMs: round1(rawMedianMs),
          compactedMedianMs: round1(compactedMedianMs),
          speedup: round1(rawMedianMs / compactedMedianMs),
        };
        cases.push(benchCase);
        log(
          `${spec.name.padEnd(40)} rows ${String(benchCase.rowsReturned).padStart(6)}  bytes raw ${(rawRangeBytes / 1e6).toFixed(1)} MB, ` +
            `compacted ${(compactedCaseBytes / 1e6).toFixed(2)} MB (1/${(1 / benchCase.bytesShare).toFixed(1)})  ` +
            `time raw ${benchCase.rawMedianMs} ms, compacted ${benchCase.compactedMedianMs} ms (${benchCase.speedup}×, median of ${iterations})`,
        );
      }
      const byKind = (kind: CaseKind) => cases.find((benchCase) => benchCase.kind === kind) as CompactionCase;
      const goals = compactionGoals({ 'all columns': byKind('all columns'), 'group by': byKind('group by') });
      for (const goal of goals) log(`goal ${goal.met ? 'met    ' : 'NOT met'}  ${goal.goal}: ${goal.measured}`);
      return {
        rows,
        days,
        iterations,
        buildLakeSeconds: round1(built.ms / 1000),
        rawObjects: lake.objects,
        rawBytes: lake.bytes,
        storedCopies: stored.extraCopies,
        distinctRecords: stored.records,
        compactSeconds: round1(compacted.ms / 1000),
        compactedDays: currentRuns.length,
        compactedFiles,
        compactedRows,
        compactedBytes,
        rowGroups: rowGroupCount(chunks),
        cases,
        goals,
      };
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    await rm(lakeDir, { recursive: true, force: true });
  }
}

/** Rows per row group the local writer uses (the cost model scales row groups per day with it). */
export const BENCH_ROW_GROUP_SIZE = COMPACTED_ROW_GROUP_SIZE;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = [numberFlag('--rows') ?? 1_000_000, ...(process.env.LAKELINE_BENCH_5M === '1' ? [5_000_000] : [])];
  for (const rows of sizes) await runCompactionBench({ rows, iterations: numberFlag('--iterations') });
}
