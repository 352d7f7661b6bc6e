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
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DuckDBBlobValue,
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { type ColumnType, type DatasetDefinition, PARTITION_KEY, storedColumns } from '../core/dataset';
import { RAW_PREFIX } from '../core/lake-keys';
import { formatLakeTimestamp, utcDateOf } from '../core/lake-value-format';
import {
  EngineBusyError,
  InvalidPageTokenError,
  type QueryEngine,
  type QueryRequest,
  type QueryStatus,
  type ResultColumn,
  type ResultPage,
  type ResultPageRequest,
  type SqlParameter,
} from '../core/ports/query-engine';
import { quoteIdentifier, quoteName, quoteString } from '../core/sql-text';
import { ConcurrencyLimit } from './concurrency-limit';
import { columnTypeFromEngineType } from './engine-column-type';

/** How long a finished query's result stays readable by default: every page token of it works this long. */
export const DEFAULT_RESULT_TTL_MS = 60 * 60_000;
export const DEFAULT_MAX_RUNNING_QUERIES = 4;
export const DEFAULT_MAX_QUEUED_QUERIES = 1000;
export const DEFAULT_MAX_STORED_RESULT_BYTES = 2 * 1024 ** 3;
const DEFAULT_MAX_CONCURRENT_READS = 8;

export interface DuckDbQueryEngineOptions {
  /** The directory that contains `raw/`. */
  readonly lakeDir: string;
  readonly datasets: readonly DatasetDefinition[];
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

export interface DuckDbQueryEngine extends QueryEngine {
  waitForQuery(queryId: string, timeoutMs: number): Promise<QueryStatus | undefined>;
  /** Refuses queued queries, waits for running ones, removes the stored results it owns and closes the database. */
  close(): Promise<void>;
}

const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

const MS_PER_DAY = 86_400_000;

/** The view of a dataset with files: `read_json` over every partition, columns typed from the definition. */
export function lakeViewSql(lakeDir: string, dataset: DatasetDefinition): string {
  const glob = join(resolve(lakeDir), RAW_PREFIX, dataset.name, '*', '*.json.gz');
  const columns = storedColumns(dataset)
    .map((column) => `${quoteString(column.name)}: ${quoteString(DUCKDB_TYPES[column.type])}`)
    .join(', ');
  return (
    `CREATE OR REPLACE VIEW ${quoteIdentifier(dataset.name)} AS SELECT * FROM read_json(${quoteString(glob)}, ` +
    `format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, ` +
    `hive_types = {${quoteString(PARTITION_KEY)}: 'VARCHAR'}, columns = {${columns}})`
  );
}

/** The view of a dataset without files yet: the same columns, no rows (read_json fails on an empty glob). */
export function emptyViewSql(dataset: DatasetDefinition): string {
  const columns = storedColumns(dataset).map((column) => `CAST(NULL AS ${DUCKDB_TYPES[column.type]}) AS ${quoteIdentifier(column.name)}`);
  columns.push(`CAST(NULL AS VARCHAR) AS ${quoteIdentifier(PARTITION_KEY)}`);
  return `CREATE OR REPLACE VIEW ${quoteIdentifier(dataset.name)} AS SELECT ${columns.join(', ')} WHERE false`;
}

async function hasLakeFiles(lakeDir: string, dataset: DatasetDefinition): Promise<boolean> {
  const datasetDir = join(lakeDir, RAW_PREFIX, dataset.name);
  const partitions = await readdir(datasetDir, { withFileTypes: true }).catch(() => []);
  for (const partition of partitions) {
    if (!partition.isDirectory()) continue;
    const files = await readdir(join(datasetDir, partition.name)).catch(() => []);
    if (files.some((file) => file.endsWith('.json.gz'))) return true;
  }
  return false;
}

export function bindParameter(statement: DuckDBPreparedStatement, index: number, parameter: SqlParameter): void {
  switch (parameter.type) {
    case 'string':
      statement.bindVarchar(index, parameter.value);
      return;
    case 'int':
      statement.bindInteger(index, parameter.value);
      return;
    case 'bigint':
      statement.bindBigInt(index, parameter.value);
      return;
    case 'double':
      statement.bindDouble(index, parameter.value);
      return;
    case 'boolean':
      statement.bindBoolean(index, parameter.value);
      return;
    case 'date':
      statement.bindDate(index, new DuckDBDateValue(Date.parse(`${parameter.value}T00:00:00Z`) / MS_PER_DAY));
      return;
    case 'timestamp':
      statement.bindTimestamp(index, new DuckDBTimestampValue(BigInt(parameter.value.getTime()) * 1000n));
      return;
  }
}

/**
 * Strings are read as their UTF-8 bytes: the Node client decodes VARCHAR with a TextDecoder that drops a leading byte
 * order mark, and a value that starts with U+FEFF must come back as stored.
 */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Renders a DuckDB value the way Athena renders it in GetQueryResults. */
export function athenaText(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (value instanceof DuckDBBlobValue) return UTF8.decode(value.bytes);
  if (value instanceof DuckDBTimestampValue) return formatLakeTimestamp(new Date(Number(value.micros / 1000n)));
  if (value instanceof DuckDBDateValue) return utcDateOf(new Date(value.days * MS_PER_DAY));
  return String(value);
}

interface StoredQuery {
  status: QueryStatus;
  /** Settles when the query finished (successfully or not); never rejects. */
  done: Promise<void>;
  /** The Parquet file holding the whole result, once written. */
  file?: string;
  columns: ResultColumn[];
  /** Per column: read as UTF-8 bytes (VARCHAR) or as is. */
  asBytes: boolean[];
  rowCount: number;
  bytes: number;
  /** When the stored result is deleted; set when the query finished. */
  expiresAt?: number;
  /** Page reads in progress; a result is never deleted under a read. */
  readers: number;
}

export async function createDuckDbQueryEngine(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
  const lakeDir = resolve(options.lakeDir);
  const resultTtlMs = options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS;
  const maxQueuedQueries = options.maxQueuedQueries ?? DEFAULT_MAX_QUEUED_QUERIES;
  const maxStoredResultBytes = options.maxStoredResultBytes ?? DEFAULT_MAX_STORED_RESULT_BYTES;
  const clock = options.clock ?? Date.now;
  const runs = new ConcurrencyLimit(options.maxRunningQueries ?? DEFAULT_MAX_RUNNING_QUERIES);
  const reads = new ConcurrencyLimit(options.maxConcurrentReads ?? DEFAULT_MAX_CONCURRENT_READS);
  const ownsResultsDir = options.resultsDir === undefined;
  const resultsDir = options.resultsDir === undefined ? await mkdtemp(join(tmpdir(), 'lakeline-results-')) : resolve(options.resultsDir);
  const instance = await DuckDBInstance.create(':memory:');
  const setup = await instance.connect();
  const withFiles = new Set<string>();
  for (const dataset of options.datasets) await setup.run(emptyViewSql(dataset));
  const queries = new Map<string, StoredQuery>();
  let storedBytes = 0;
  let closing = false;
  let viewCheck: Promise<void> = Promise.resolve();

  /** Switches datasets whose first files arrived from the empty view to the lake view (once; files are never removed). */
  function refreshViews(): Promise<void> {
    viewCheck = viewCheck.then(async () => {
      for (const dataset of options.datasets) {
        if (withFiles.has(dataset.name) || !(await hasLakeFiles(lakeDir, dataset))) continue;
        await setup.run(lakeViewSql(lakeDir, dataset));
        withFiles.add(dataset.name);
      }
    });
    return viewCheck;
  }
  await refreshViews();

  /** Drops a query and deletes its stored result; resolves once the file is gone. */
  function forget(queryId: string, query: StoredQuery): Promise<void> {
    queries.delete(queryId);
    storedBytes -= query.bytes;
    return query.file ? rm(query.file, { force: true }) : Promise.resolve();
  }

  /** Deletes the results whose time is up (never one being read) and forgets failed queries as old. */
  function evictExpired(now: number): void {
    for (const [id, query] of queries) {
      if (query.expiresAt !== undefined && now >= query.expiresAt && query.readers === 0) void forget(id, query);
    }
  }

  /** Whole seconds until the earliest stored result expires (at least 1). */
  function secondsUntilSpaceFrees(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const query of queries.values())
      if (query.expiresAt !== undefined && query.bytes > 0) earliest = Math.min(earliest, query.expiresAt);
    return Number.isFinite(earliest) ? Math.max(1, Math.ceil((earliest - now) / 1000)) : 1;
  }

  async function execute(query: StoredQuery, queryId: string, request: QueryRequest): Promise<void> {
    await runs.acquire();
    const started = clock();
    let connection: DuckDBConnection | undefined;
    const file = join(resultsDir, `${queryId}.parquet`);
    try {
      if (closing) throw new Error('the query engine is closing');
      query.status = { state: 'RUNNING' };
      await refreshViews();
      connection = await instance.connect();
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
      query.bytes = (await stat(file)).size;
      storedBytes += query.bytes;
      const finished = clock();
      query.expiresAt = finished + resultTtlMs;
      query.status = { state: 'SUCCEEDED', bytesScanned: 0, engineMs: finished - started, resultsExpireAt: new Date(query.expiresAt) };
    } catch (error) {
      if (query.file) await rm(query.file, { force: true });
      query.file = undefined;
      query.expiresAt = clock() + resultTtlMs;
      query.status = { state: 'FAILED', reason: error instanceof Error ? error.message : String(error), engineMs: clock() - started };
    } finally {
      connection?.closeSync();
      runs.release();
    }
  }

  /** Reads rows `offset` .. `offset + count` of a stored result, in the order it was written. */
  async function readRows(query: StoredQuery, offset: number, count: number): Promise<(string | null)[][]> {
    if (!query.file || count === 0 || offset >= query.rowCount) return [];
    const select = query.columns
      .map((column, index) => (query.asBytes[index] ? `encode(${quoteName(column.name)})` : quoteName(column.name)))
      .join(', ');
    const connection = await instance.connect();
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

  function stored(queryId: string): StoredQuery | undefined {
    evictExpired(clock());
    return queries.get(queryId);
  }

  return {
    async startQuery(request) {
      if (closing) throw new Error('the query engine is closing');
      const now = clock();
      evictExpired(now);
      if (runs.queued >= maxQueuedQueries)
        throw new EngineBusyError(1, `the query engine has ${runs.queued} queries waiting to run, its most`);
      if (storedBytes >= maxStoredResultBytes)
        throw new EngineBusyError(
          secondsUntilSpaceFrees(now),
          'the query engine holds as many results as it may keep until older ones expire',
        );
      const queryId = randomUUID();
      const query: StoredQuery = {
        status: { state: 'QUEUED' },
        done: Promise.resolve(),
        columns: [],
        asBytes: [],
        rowCount: 0,
        bytes: 0,
        readers: 0,
      };
      queries.set(queryId, query);
      query.done = execute(query, queryId, request);
      return { queryId };
    },

    async getQueryStatus(queryId) {
      return stored(queryId)?.status;
    },

    async waitForQuery(queryId, timeoutMs) {
      const query = stored(queryId);
      if (!query || timeoutMs <= 0) return query?.status;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolveTimeout) => {
        timer = setTimeout(resolveTimeout, timeoutMs);
      });
      await Promise.race([query.done, timeout]);
      clearTimeout(timer);
      return query.status;
    },

    async getQueryResults(queryId: string, page: ResultPageRequest): Promise<ResultPage> {
      const query = stored(queryId);
      if (query?.status.state !== 'SUCCEEDED') throw new Error(`query ${queryId} has no results`);
      const offset = page.pageToken === undefined ? 0 : Number(page.pageToken);
      if (page.pageToken !== undefined && !(/^\d{1,12}$/.test(page.pageToken) && offset <= query.rowCount))
        throw new InvalidPageTokenError();
      query.readers++;
      try {
        const rows = await reads.run(() => readRows(query, offset, page.pageSize));
        const end = offset + rows.length;
        return { columns: query.columns, rows, ...(end < query.rowCount ? { nextToken: String(end) } : {}) };
      } finally {
        query.readers--;
      }
    },

    async close() {
      closing = true;
      await viewCheck.catch(() => undefined);
      await Promise.all([...queries.values()].map((query) => query.done));
      await Promise.all([...queries].map(([id, query]) => forget(id, query)));
      setup.closeSync();
      instance.closeSync();
      if (ownsResultsDir) await rm(resultsDir, { recursive: true, force: true });
    },
  };
}
