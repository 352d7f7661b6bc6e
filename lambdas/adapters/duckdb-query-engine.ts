/**
 * The query engine of the local mode: DuckDB reading the lake directory's gzip NDJSON with hive partitioning and
 * the column types of the dataset definitions. It runs the same SQL with the same parameter values (bound as
 * prepared parameters) as Athena, asynchronously, and keeps results in memory for a while so `/v1/queries/{id}` works.
 *
 * Results are streamed: a query counts as SUCCEEDED once its first chunk is ready, and further rows are read
 * from the open stream as pages are requested, so a first page of a month-wide query does not materialise it all.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBResult,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { type ColumnType, type DatasetDefinition, PARTITION_KEY, storedColumns } from '../core/dataset';
import { RAW_PREFIX } from '../core/lake-keys';
import { formatLakeTimestamp, utcDateOf } from '../core/lake-value-format';
import { quoteIdentifier, quoteString } from '../core/records-query';
import {
  columnTypeFromEngineType,
  FINISHED_STATES,
  InvalidPageTokenError,
  type QueryEngine,
  type QueryRequest,
  type QueryStatus,
  type ResultColumn,
  type ResultPage,
  type ResultPageRequest,
  type SqlParameter,
} from './query-engine';

export interface DuckDbQueryEngineOptions {
  /** The directory that contains `raw/`. */
  readonly lakeDir: string;
  readonly datasets: readonly DatasetDefinition[];
  /** Queries kept (results and open streams); the oldest is dropped beyond this. Default 64. */
  readonly maxStoredQueries?: number;
  /** How long a query's results stay readable. Default 15 minutes. */
  readonly resultTtlMs?: number;
  /**
   * Result streams kept open for further pages (each may hold a sorted result in memory). Beyond this the oldest
   * stream is closed: its rows already read stay readable, reading past them fails. Default 4.
   */
  readonly maxOpenResults?: number;
}

export interface DuckDbQueryEngine extends QueryEngine {
  waitForQuery(queryId: string, timeoutMs: number): Promise<QueryStatus | undefined>;
  /** Waits for running queries, closes every stream and the database. */
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

/** Renders a DuckDB value the way Athena renders it in GetQueryResults. */
export function athenaText(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (value instanceof DuckDBTimestampValue) return formatLakeTimestamp(new Date(Number(value.micros / 1000n)));
  if (value instanceof DuckDBDateValue) return utcDateOf(new Date(value.days * MS_PER_DAY));
  return String(value);
}

interface StoredQuery {
  readonly createdAt: number;
  status: QueryStatus;
  /** Settles when the query finished (successfully or not); never rejects. */
  done: Promise<void>;
  connection?: DuckDBConnection;
  result?: DuckDBResult;
  columns: ResultColumn[];
  /** Rows read from the stream so far, already rendered as text. */
  readonly rows: (string | null)[][];
  exhausted: boolean;
  /** Serialises reads of the stream. */
  reading: Promise<void>;
  /** Page reads in progress; a stream is never closed under a read. */
  readers: number;
}

export async function createDuckDbQueryEngine(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
  const lakeDir = resolve(options.lakeDir);
  const maxStoredQueries = options.maxStoredQueries ?? 64;
  const resultTtlMs = options.resultTtlMs ?? 15 * 60_000;
  const maxOpenResults = options.maxOpenResults ?? 4;
  const instance = await DuckDBInstance.create(':memory:');
  const setup = await instance.connect();
  const withFiles = new Set<string>();
  for (const dataset of options.datasets) await setup.run(emptyViewSql(dataset));
  const queries = new Map<string, StoredQuery>();
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

  function release(query: StoredQuery): void {
    query.result = undefined;
    query.connection?.closeSync();
    query.connection = undefined;
  }

  function evict(now: number): void {
    for (const [id, query] of queries) {
      const expired = now - query.createdAt > resultTtlMs;
      if (!expired && queries.size <= maxStoredQueries) break;
      // Never close a connection under a running statement or a page read.
      if (query.readers > 0 || !FINISHED_STATES.includes(query.status.state)) continue;
      release(query);
      queries.delete(id);
    }
  }

  /** Closes the oldest open result streams beyond `maxOpenResults`. */
  function closeSurplusStreams(): void {
    const open = [...queries.values()].filter((query) => query.result !== undefined && query.readers === 0);
    for (const query of open.slice(0, Math.max(0, open.length - maxOpenResults))) release(query);
  }

  /** Reads chunks from the stream until `count` rows are buffered or the stream ends. */
  async function readUntil(query: StoredQuery, count: number): Promise<void> {
    while (!query.exhausted && query.rows.length < count) {
      if (!query.result) throw new Error('the rest of these results is no longer held; run the query again');
      const chunk = await query.result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) {
        query.exhausted = true;
        release(query);
        break;
      }
      for (const row of chunk.getRows()) query.rows.push(row.map(athenaText));
    }
  }

  async function execute(query: StoredQuery, request: QueryRequest): Promise<void> {
    const started = Date.now();
    try {
      await refreshViews();
      const connection = await instance.connect();
      query.connection = connection;
      const statement = await connection.prepare(request.sql);
      request.parameters.forEach((parameter, index) => {
        bindParameter(statement, index + 1, parameter);
      });
      query.status = { state: 'RUNNING' };
      const result = await statement.stream();
      query.result = result;
      query.columns = result
        .columnNames()
        .map((name, index) => ({ name, type: columnTypeFromEngineType(result.columnType(index).toString()) }));
      await readUntil(query, 1);
      query.status = { state: 'SUCCEEDED', bytesScanned: 0, engineMs: Date.now() - started };
      closeSurplusStreams();
    } catch (error) {
      release(query);
      query.status = { state: 'FAILED', reason: error instanceof Error ? error.message : String(error), engineMs: Date.now() - started };
    }
  }

  function stored(queryId: string): StoredQuery | undefined {
    evict(Date.now());
    return queries.get(queryId);
  }

  return {
    async startQuery(request) {
      evict(Date.now());
      const queryId = randomUUID();
      const query: StoredQuery = {
        createdAt: Date.now(),
        status: { state: 'QUEUED' },
        done: Promise.resolve(),
        columns: [],
        rows: [],
        exhausted: false,
        reading: Promise.resolve(),
        readers: 0,
      };
      query.done = execute(query, request);
      queries.set(queryId, query);
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
      if (page.pageToken !== undefined && !(/^\d{1,12}$/.test(page.pageToken) && offset <= query.rows.length))
        throw new InvalidPageTokenError();
      const end = offset + page.pageSize;
      // One row past the page tells whether another page follows.
      query.readers++;
      const reading = query.reading.then(() => readUntil(query, end + 1));
      query.reading = reading.catch(() => undefined);
      try {
        await reading;
      } finally {
        query.readers--;
      }
      const rows = query.rows.slice(offset, end);
      const more = query.rows.length > end;
      return { columns: query.columns, rows, ...(more ? { nextToken: String(end) } : {}) };
    },

    async close() {
      await viewCheck.catch(() => undefined);
      await Promise.all([...queries.values()].map((query) => query.done));
      for (const query of queries.values()) release(query);
      queries.clear();
      setup.closeSync();
      instance.closeSync();
    },
  };
}
