/** The local engine's queries and their stored results (one Parquet file each), kept until their retention time is up. */
import { rm } from 'node:fs/promises';
import type { QueryStatus, ResultColumn } from '../core/ports/query-engine';

export interface StoredQuery {
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

export function queuedQuery(): StoredQuery {
  return { status: { state: 'QUEUED' }, done: Promise.resolve(), columns: [], asBytes: [], rowCount: 0, bytes: 0, readers: 0 };
}

export class StoredQueries {
  private readonly queries = new Map<string, StoredQuery>();
  private bytes = 0;

  /** Bytes the stored results take. */
  get storedBytes(): number {
    return this.bytes;
  }

  add(queryId: string, query: StoredQuery): void {
    this.queries.set(queryId, query);
  }

  /** The query, unless it is unknown or its time is up (expired results are deleted first). */
  get(queryId: string, now: number): StoredQuery | undefined {
    this.evictExpired(now);
    return this.queries.get(queryId);
  }

  /** Counts the size of a query's stored result, once written. */
  stored(query: StoredQuery, bytes: number): void {
    query.bytes = bytes;
    this.bytes += bytes;
  }

  /** Deletes the results whose time is up (never one being read) and forgets failed queries as old. */
  evictExpired(now: number): void {
    for (const [id, query] of this.queries) {
      if (query.expiresAt !== undefined && now >= query.expiresAt && query.readers === 0) void this.forget(id, query);
    }
  }

  /** Whole seconds until the earliest stored result expires (at least 1). */
  secondsUntilSpaceFrees(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const query of this.queries.values())
      if (query.expiresAt !== undefined && query.bytes > 0) earliest = Math.min(earliest, query.expiresAt);
    return Number.isFinite(earliest) ? Math.max(1, Math.ceil((earliest - now) / 1000)) : 1;
  }

  /** Waits for every query to finish, then deletes every stored result. */
  async clear(): Promise<void> {
    await Promise.all([...this.queries.values()].map((query) => query.done));
    await Promise.all([...this.queries].map(([id, query]) => this.forget(id, query)));
  }

  /** Drops a query and deletes its stored result; resolves once the file is gone. */
  private forget(queryId: string, query: StoredQuery): Promise<void> {
    this.queries.delete(queryId);
    this.bytes -= query.bytes;
    return query.file ? rm(query.file, { force: true }) : Promise.resolve();
  }
}
