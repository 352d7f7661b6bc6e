/**
 * The query engine of the local mode: DuckDB reading the lake directory's gzip NDJSON with hive partitioning and
 * the column types of the dataset definitions. It runs the same SQL with the same parameter values (bound as
 * prepared parameters) as Athena, asynchronously, and like Athena it writes each finished query's whole result to
 * storage of its own (a Parquet file per query) and pages from there, so `/v1/queries/{id}` and every page token work
 * for the stated retention time, however many other queries run meanwhile.
 *
 * At most `maxRunningQueries` queries run at once; the others wait in order (QUEUED), at most `maxQueuedQueries` of
 * them. Beyond that, or while the stored results take more than `maxStoredResultBytes`, a new query is refused with
 * `EngineBusyError` and the time after which to retry, never with a failure.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DatasetDefinition } from '../core/dataset';
import { type CompactedDaysReader, NO_COMPACTED_DAYS } from '../core/ports/compaction-catalog';
import {
  EngineBusyError,
  InvalidPageTokenError,
  type QueryEngine,
  type QueryRequest,
  type QueryStatus,
  type ResultPage,
  type ResultPageRequest,
} from '../core/ports/query-engine';
import { quoteName, quoteString } from '../core/sql-text';
import { ConcurrencyLimit } from './concurrency-limit';
import { CuratedViews } from './duckdb-curated-views';
import { LakeViews } from './duckdb-lake-views';
import { queuedQuery, StoredQueries, type StoredQuery } from './duckdb-stored-queries';
import { athenaText, bindParameter } from './duckdb-values';
import { columnTypeFromEngineType } from './engine-column-type';

/** How long a finished query's result stays readable by default: every page token of it works this long. */
export const DEFAULT_RESULT_TTL_MS = 60 * 60_000;
export const DEFAULT_MAX_RUNNING_QUERIES = 4;
export const DEFAULT_MAX_QUEUED_QUERIES = 1000;
export const DEFAULT_MAX_STORED_RESULT_BYTES = 2 * 1024 ** 3;
const DEFAULT_MAX_CONCURRENT_READS = 8;

export interface DuckDbQueryEngineOptions {
  /** The directory that contains `raw/` (and `curated/`). */
  readonly lakeDir: string;
  readonly datasets: readonly DatasetDefinition[];
  /** The compacted days whose current runs the curated views `lakeline_curated_<name>` read. Default: none (empty views). */
  readonly compactedRuns?: CompactedDaysReader;
  /** Where finished results are stored (one Parquet file per query). Default: a new temporary directory, removed on close. */
  readonly resultsDir?: string;
  /** How long a finished query's result stays readable, counted from when it finished. Default 60 minutes. */
  readonly resultTtlMs?: number;
  /** Queries running at once; the others wait in order. Default 4. */
  readonly maxRunningQueries?: number;
  /** Queries waiting to run; beyond this a new query is refused with EngineBusyError. Default 1000. */
  readonly maxQueuedQueries?: number;
  /** Bytes the stored results may take; while they take more, new queries are refused until the oldest expire. Default 2 GiB. */
  readonly maxStoredResultBytes?: number;
  /** Page reads at once; the others wait. Default 8. */
  readonly maxConcurrentReads?: number;
  /** The clock of retention (tests); default Date.now. */
  readonly clock?: () => number;
}

/** Where results are stored and whether the engine made (so removes) that directory. */
interface ResultsDirectory {
  readonly path: string;
  readonly owned: boolean;
}

async function resultsDirectory(resultsDir: string | undefined): Promise<ResultsDirectory> {
  if (resultsDir !== undefined) return { path: resolve(resultsDir), owned: false };
  return { path: await mkdtemp(join(tmpdir(), 'lakeline-results-')), owned: true };
}

export class DuckDbQueryEngine implements QueryEngine {
  private readonly queries = new StoredQueries();
  private readonly runs: ConcurrencyLimit;
  private readonly reads: ConcurrencyLimit;
  private readonly resultTtlMs: number;
  private readonly maxQueuedQueries: number;
  private readonly maxStoredResultBytes: number;
  private readonly clock: () => number;
  private closing = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly setup: DuckDBConnection,
    private readonly views: LakeViews,
    private readonly curatedViews: CuratedViews,
    private readonly resultsDir: ResultsDirectory,
    options: DuckDbQueryEngineOptions,
  ) {
    this.resultTtlMs = options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS;
    this.maxQueuedQueries = options.maxQueuedQueries ?? DEFAULT_MAX_QUEUED_QUERIES;
    this.maxStoredResultBytes = options.maxStoredResultBytes ?? DEFAULT_MAX_STORED_RESULT_BYTES;
    this.clock = options.clock ?? Date.now;
    this.runs = new ConcurrencyLimit(options.maxRunningQueries ?? DEFAULT_MAX_RUNNING_QUERIES);
    this.reads = new ConcurrencyLimit(options.maxConcurrentReads ?? DEFAULT_MAX_CONCURRENT_READS);
  }

  /** Opens an in-memory database with a raw and a curated view per dataset over the lake directory. */
  static async open(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
    const resultsDir = await resultsDirectory(options.resultsDir);
    const instance = await DuckDBInstance.create(':memory:');
    const setup = await instance.connect();
    const views = await LakeViews.create(setup, options.lakeDir, options.datasets);
    const curatedViews = await CuratedViews.create(setup, options.lakeDir, options.datasets, options.compactedRuns ?? NO_COMPACTED_DAYS);
    return new DuckDbQueryEngine(instance, setup, views, curatedViews, resultsDir, options);
  }

  async startQuery(request: QueryRequest): Promise<{ queryId: string }> {
    if (this.closing) throw new Error('the query engine is closing');
    const now = this.clock();
    this.queries.evictExpired(now);
    if (this.runs.queued >= this.maxQueuedQueries)
      throw new EngineBusyError(1, `the query engine has ${this.runs.queued} queries waiting to run, its most`);
    if (this.queries.storedBytes >= this.maxStoredResultBytes)
      throw new EngineBusyError(
        this.queries.secondsUntilSpaceFrees(now),
        'the query engine holds as many results as it may keep until older ones expire',
      );
    const queryId = randomUUID();
    const query = queuedQuery();
    this.queries.add(queryId, query);
    query.done = this.execute(query, queryId, request);
    return { queryId };
  }

  async getQueryStatus(queryId: string): Promise<QueryStatus | undefined> {
    return this.queries.get(queryId, this.clock())?.status;
  }

  async waitForQuery(queryId: string, timeoutMs: number): Promise<QueryStatus | undefined> {
    const query = this.queries.get(queryId, this.clock());
    if (!query || timeoutMs <= 0) return query?.status;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolveTimeout) => {
      timer = setTimeout(resolveTimeout, timeoutMs);
    });
    await Promise.race([query.done, timeout]);
    clearTimeout(timer);
    return query.status;
  }

  async getQueryResults(queryId: string, page: ResultPageRequest): Promise<ResultPage> {
    const query = this.queries.get(queryId, this.clock());
    if (query?.status.state !== 'SUCCEEDED') throw new Error(`query ${queryId} has no results`);
    const offset = page.pageToken === undefined ? 0 : Number(page.pageToken);
    if (page.pageToken !== undefined && !(/^\d{1,12}$/.test(page.pageToken) && offset <= query.rowCount)) throw new InvalidPageTokenError();
    query.readers++;
    try {
      const rows = await this.reads.run(() => this.readRows(query, offset, page.pageSize));
      const end = offset + rows.length;
      return { columns: query.columns, rows, ...(end < query.rowCount ? { nextToken: String(end) } : {}) };
    } finally {
      query.readers--;
    }
  }

  /** Refuses queued queries, waits for running ones, removes the stored results it owns and closes the database. */
  async close(): Promise<void> {
    this.closing = true;
    await this.views.settled();
    await this.curatedViews.settled();
    await this.queries.clear();
    this.setup.closeSync();
    this.instance.closeSync();
    if (this.resultsDir.owned) await rm(this.resultsDir.path, { recursive: true, force: true });
  }

  private async execute(query: StoredQuery, queryId: string, request: QueryRequest): Promise<void> {
    await this.runs.acquire();
    const started = this.clock();
    let connection: DuckDBConnection | undefined;
    try {
      if (this.closing) throw new Error('the query engine is closing');
      query.status = { state: 'RUNNING' };
      // A records query reads only curated days the catalog listed before it started, and a day's run stays on disk
      // after the day switched to a newer one, so a view built from a later catalog still holds every day it reads.
      await this.views.refresh();
      await this.curatedViews.refresh();
      connection = await this.instance.connect();
      await this.storeResult(connection, query, join(this.resultsDir.path, `${queryId}.parquet`), request);
      const finished = this.clock();
      query.expiresAt = finished + this.resultTtlMs;
      query.status = { state: 'SUCCEEDED', bytesScanned: 0, engineMs: finished - started, resultsExpireAt: new Date(query.expiresAt) };
    } catch (error) {
      if (query.file) await rm(query.file, { force: true });
      query.file = undefined;
      query.expiresAt = this.clock() + this.resultTtlMs;
      query.status = { state: 'FAILED', reason: error instanceof Error ? error.message : String(error), engineMs: this.clock() - started };
    } finally {
      connection?.closeSync();
      this.runs.release();
    }
  }

  /** Writes the whole result to `file` and notes its row count, columns and size. */
  private async storeResult(connection: DuckDBConnection, query: StoredQuery, file: string, request: QueryRequest): Promise<void> {
    // The whole result goes to storage of its own, as Athena writes it to the results bucket; COPY keeps the
    // order of an ORDER BY query (https://duckdb.org/docs/stable/sql/dialect/order_preservation).
    const copy = await connection.prepare(`COPY (${request.sql}) TO ${quoteString(file)} (FORMAT parquet)`);
    request.parameters.forEach((parameter, index) => {
      bindParameter(copy, index + 1, parameter);
    });
    query.file = file;
    query.rowCount = (await copy.run()).rowsChanged;
    const described = await connection.prepare(`SELECT * FROM read_parquet(${quoteString(file)})`);
    for (let index = 0; index < described.columnCount; index++) {
      const engineType = described.columnType(index).toString();
      query.columns.push({ name: described.columnName(index), type: columnTypeFromEngineType(engineType) });
      query.asBytes.push(engineType === 'VARCHAR');
    }
    this.queries.stored(query, (await stat(file)).size);
  }

  /** Reads rows `offset` .. `offset + count` of a stored result, in the order it was written. */
  private async readRows(query: StoredQuery, offset: number, count: number): Promise<(string | null)[][]> {
    if (!query.file || count === 0 || offset >= query.rowCount) return [];
    const select = query.columns
      .map((column, index) => (query.asBytes[index] ? `encode(${quoteName(column.name)})` : quoteName(column.name)))
      .join(', ');
    const connection = await this.instance.connect();
    try {
      const statement = await connection.prepare(`SELECT ${select} FROM read_parquet(${quoteString(query.file)}) LIMIT ? OFFSET ?`);
      statement.bindBigInt(1, BigInt(count));
      statement.bindBigInt(2, BigInt(offset));
      const reader = await statement.runAndReadAll();
      return reader.getRows().map((row) => row.map(athenaText));
    } finally {
      connection.closeSync();
    }
  }
}

/** Opens a DuckDB query engine (the async construction callers await). */
export function createDuckDbQueryEngine(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
  return DuckDbQueryEngine.open(options);
}
