/**
 * Query benchmark: builds a 1,000,000-row `passengers` lake over 30 days (gzip NDJSON objects planned by the ingest
 * core from SQS batches, bench/bench-lake.ts), then times requests through the query handler with the DuckDB adapter
 * next to the same SQL and parameters run directly on DuckDB, interleaved, in the same process.
 *
 * Usage: npm run bench:query            (or: npx tsx bench/query.bench.ts --rows 200000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { datasets } from '../datasets';
import { passengers } from '../datasets/passengers';
import { lakeViewSql } from '../lambdas/adapters/duckdb-lake-views';
import { createDuckDbQueryEngine } from '../lambdas/adapters/duckdb-query-engine';
import { bindParameter } from '../lambdas/adapters/duckdb-values';
import { NO_COMPACTED_DAYS } from '../lambdas/core/ports/compaction-catalog';
import { buildRecordsQuery } from '../lambdas/core/records-query';
import { parseRecordsRequest } from '../lambdas/core/request-params';
import { createQueryHandler } from '../lambdas/query/handler';
import { INGEST_DEFAULTS } from '../lib/constructs/dataset-pipeline';
import { BENCH_FIRST_DAY, buildBenchLake, DAY_MS } from './bench-lake';
import { median, numberFlag } from './statistics';

export interface QueryBenchOptions {
  readonly rows?: number;
  readonly days?: number;
  readonly iterations?: number;
  /** Existing lake directory to reuse instead of generating one (must contain raw/passengers). */
  readonly lakeDir?: string;
  readonly log?: (line: string) => void;
}

export interface QueryBenchCase {
  readonly name: string;
  readonly request: Record<string, string>;
  readonly rowsReturned: number;
  /** Median milliseconds of a request through the handler (DuckDB adapter). */
  readonly handlerMedianMs: number;
  /** Median milliseconds of the same SQL and parameters run directly on DuckDB, reading the same number of rows. */
  readonly engineMedianMs: number;
  /** handler / engine. */
  readonly ratio: number;
}

export interface QueryBenchResult {
  readonly rows: number;
  readonly days: number;
  readonly files: number;
  readonly lakeBytes: number;
  readonly buildLakeMs: number;
  readonly iterations: number;
  readonly cases: readonly QueryBenchCase[];
}

const FIRST_DAY = BENCH_FIRST_DAY;

const round = (value: number) => Math.round(value * 10) / 10;

export async function runQueryBench(options: QueryBenchOptions = {}): Promise<QueryBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const days = options.days ?? 30;
  const iterations = options.iterations ?? 7;
  const log = options.log ?? ((line: string) => console.log(line));
  const ownLake = options.lakeDir === undefined;
  const lakeDir = options.lakeDir ?? (await mkdtemp(join(tmpdir(), 'lakeline-query-bench-')));

  try {
    const buildStarted = performance.now();
    const built = ownLake ? await buildBenchLake(lakeDir, { rows, days }) : { objects: 0, bytes: 0 };
    const buildLakeMs = performance.now() - buildStarted;
    if (ownLake)
      log(
        `lake: ${rows.toLocaleString('en')} rows, ${days} days, ${built.objects} objects (ingest core, batches of ${INGEST_DEFAULTS.batchSize}), ${(built.bytes / 1e6).toFixed(1)} MB gzip, built in ${(buildLakeMs / 1000).toFixed(1)} s`,
      );

    const lastDay = new Date(FIRST_DAY + (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const firstDay = new Date(FIRST_DAY).toISOString().slice(0, 10);
    const now = () => new Date(FIRST_DAY + days * DAY_MS);
    const engine = await createDuckDbQueryEngine({ lakeDir, datasets });
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 120_000, maxRangeDays: 31 },
      now,
    });

    // The baseline: its own DuckDB instance with the same view, same SQL, same bound parameters, same rows read.
    const direct = await DuckDBInstance.create(':memory:');
    const directConnection = await direct.connect();
    await directConnection.run(lakeViewSql(lakeDir, passengers));

    const cases: { name: string; request: Record<string, string> }[] = [
      { name: 'one day, flight_id filter', request: { from: lastDay, to: lastDay, flight_id: '42', limit: '100' } },
      { name: '30 days, flight_id filter', request: { from: firstDay, to: lastDay, flight_id: '42', limit: '100' } },
      { name: '30 days, ordered first page', request: { from: firstDay, to: lastDay, order: '-boarded_at', limit: '100' } },
    ];

    const results: QueryBenchCase[] = [];
    for (const benchCase of cases) {
      const { spec, limit } = parseRecordsRequest(passengers, benchCase.request, now(), 31);
      const query = buildRecordsQuery(spec);
      const event = {
        httpMethod: 'GET',
        path: `/v1/datasets/${passengers.name}/records`,
        resource: '/v1/datasets/{name}/records',
        pathParameters: { name: passengers.name },
        queryStringParameters: benchCase.request,
        multiValueQueryStringParameters: null,
      } as unknown as Parameters<typeof handler>[0];

      const runHandler = async () => {
        const response = await handler(event);
        if (response.statusCode !== 200) throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
        return (JSON.parse(response.body) as { rows: unknown[] }).rows.length;
      };
      const runDirect = async () => {
        const statement = await directConnection.prepare(query.sql);
        query.parameters.forEach((parameter, index) => {
          bindParameter(statement, index + 1, parameter);
        });
        const result = await statement.stream();
        let read = 0;
        while (read <= limit) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          read += chunk.getRows().length;
        }
        return Math.min(read, limit);
      };

      const rowsReturned = await runHandler();
      await runDirect();
      const handlerMs: number[] = [];
      const engineMs: number[] = [];
      for (let iteration = 0; iteration < iterations; iteration++) {
        let started = performance.now();
        await runHandler();
        handlerMs.push(performance.now() - started);
        started = performance.now();
        await runDirect();
        engineMs.push(performance.now() - started);
      }
      const handlerMedianMs = median(handlerMs);
      const engineMedianMs = median(engineMs);
      const result = {
        ...benchCase,
        rowsReturned,
        handlerMedianMs: round(handlerMedianMs),
        engineMedianMs: round(engineMedianMs),
        ratio: round((handlerMedianMs / engineMedianMs) * 100) / 100,
      };
      results.push(result);
      log(
        `${benchCase.name.padEnd(30)} rows ${String(rowsReturned).padStart(4)}  handler ${result.handlerMedianMs.toFixed(1).padStart(8)} ms  ` +
          `engine ${result.engineMedianMs.toFixed(1).padStart(8)} ms  ratio ${result.ratio.toFixed(2)}  (median of ${iterations})`,
      );
    }

    directConnection.closeSync();
    direct.closeSync();
    await engine.close();
    return { rows, days, files: built.objects, lakeBytes: built.bytes, buildLakeMs: Math.round(buildLakeMs), iterations, cases: results };
  } finally {
    if (ownLake) await rm(lakeDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runQueryBench({ rows: numberFlag('--rows'), iterations: numberFlag('--iterations') });
  const worst = Math.max(...result.cases.map((benchCase) => benchCase.ratio));
  console.log(`worst handler/engine ratio ${worst.toFixed(2)} (goal: at most 1.50)`);
}
