/**
 * The port through which the query function runs SQL: Athena on AWS, DuckDB locally.
 *
 * Contract shared by every adapter:
 * - `startQuery` returns at once with an id; the SQL text is fixed (identifiers from the dataset
 *   definitions and keywords only) and every request value travels as one positional `?` parameter.
 * - `getQueryStatus` answers `undefined` for an id the engine does not know (or no longer keeps).
 * - `getQueryResults` answers values as strings the way Athena renders them (timestamps
 *   `YYYY-MM-DD HH:MM:SS.mmm`, dates `YYYY-MM-DD`, bigints as digits, booleans `true`/`false`, null as null)
 *   with the column types mapped to dataset column types, so one core function types rows for both engines.
 * - page tokens are engine-specific strings; an unusable token makes `getQueryResults` reject with `InvalidPageTokenError`.
 * - a SUCCEEDED status says until when its results stay readable (`resultsExpireAt`), when the engine knows it; a
 *   page token works until then, whatever else the engine runs meanwhile.
 * - an engine that cannot take more work now rejects with `EngineBusyError` (never a generic error), saying when to retry.
 */
import type { ColumnType } from '../dataset';

/** A request value after parsing, carrying its column type; never the request text. */
export type SqlParameter =
  | { readonly type: 'string'; readonly value: string }
  /** `YYYY-MM-DD`, already checked to be a calendar date. */
  | { readonly type: 'date'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'bigint'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** A UTC instant with millisecond precision. */
  | { readonly type: 'timestamp'; readonly value: Date };

/** An engine may answer the query from a stored result of the same query at most this old. */
export interface ResultReuse {
  readonly maxAgeMinutes: number;
}

export interface QueryRequest {
  /** SQL with positional `?` placeholders, identical for every engine. */
  readonly sql: string;
  /** One entry per `?`, in order of appearance. */
  readonly parameters: readonly SqlParameter[];
  /** Absent: the engine runs the query afresh. Engines without stored results (DuckDB) always do. */
  readonly resultReuse?: ResultReuse;
}

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const FINISHED_STATES: readonly QueryState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface QueryStatus {
  readonly state: QueryState;
  /** Why the query failed or was cancelled, as the engine says it. */
  readonly reason?: string;
  readonly bytesScanned?: number;
  readonly engineMs?: number;
  /** SUCCEEDED only: the results (and every page token of them) stay readable until then. */
  readonly resultsExpireAt?: Date;
}

export interface ResultColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface ResultPage {
  readonly columns: readonly ResultColumn[];
  /** Values in column order, rendered as strings (see the module comment); null for SQL NULL. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** Present when more rows follow; pass it back as `pageToken`. */
  readonly nextToken?: string;
}

export interface ResultPageRequest {
  readonly pageToken?: string;
  /** 1 to 1000 rows. */
  readonly pageSize: number;
}

export interface QueryEngine {
  startQuery(request: QueryRequest): Promise<{ queryId: string }>;
  getQueryStatus(queryId: string): Promise<QueryStatus | undefined>;
  /** Only for a SUCCEEDED query. */
  getQueryResults(queryId: string, page: ResultPageRequest): Promise<ResultPage>;
  /**
   * Optional: resolves with the status once the query finished or `timeoutMs` passed, whichever is first.
   * Engines that can be notified (DuckDB) implement it so callers need not poll; others are polled.
   */
  waitForQuery?(queryId: string, timeoutMs: number): Promise<QueryStatus | undefined>;
}

/** The page token given to `getQueryResults` is not one the engine issued for this query. */
export class InvalidPageTokenError extends Error {
  constructor(message = 'the page token is not valid for this query') {
    super(message);
    this.name = 'InvalidPageTokenError';
  }
}

/** The engine cannot take this call now (too many queries running or queued, or its result storage is full). */
export class EngineBusyError extends Error {
  constructor(
    /** Whole seconds after which a retry may succeed. */
    readonly retryAfterSeconds: number,
    message = 'the query engine is busy',
  ) {
    super(message);
    this.name = 'EngineBusyError';
  }
}
