/**
 * The SELECT that compacts one day of a dataset: each record once (the earliest ingested copy, as the records query
 * keeps), every stored column, sorted so that equality filters on the sort columns can skip Parquet row groups by their
 * min/max statistics. It reads the day's raw objects together with the day's current compacted run, so a run keeps
 * every record the previous one held even once the raw objects behind it have expired; the curated files hold every
 * stored column, so nothing is lost by reading them back. Athena wraps it in UNLOAD, DuckDB in COPY; both run it with
 * the day as both of its `?` parameters.
 */
import {
  curatedTableName,
  type DatasetDefinition,
  LINEAGE_MESSAGE_ID,
  LINEAGE_RECORD_INDEX,
  PARTITION_KEY,
  storedColumns,
} from './dataset';
import { deduplicatedRows, type SqlFragment } from './lake-rows';
import type { SqlParameter } from './ports/query-engine';
import { quoteIdentifier } from './sql-text';

/**
 * The order of a compacted day's rows: the filterable columns in definition order (the first prunes best), then the
 * partition column, then (message id, record index), which is unique, so two runs over the same raw files write the
 * same rows in the same order.
 */
export function compactionSortColumns(dataset: DatasetDefinition): readonly string[] {
  const filterable = dataset.columns.filter((column) => column.filterable).map((column) => column.name);
  return [...new Set([...filterable, dataset.partitionColumn, LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX])];
}

/**
 * The compacted rows of `day`: its raw rows UNION ALL the rows of its current run (none before its first compaction),
 * each record once. The curated files hold the stored columns, and the day is their partition. On Athena the curated
 * table's partition of the day is located at the current run's prefix, so the UNLOAD reads exactly that run while it
 * writes a fresh one; UNLOAD takes a SELECT statement (https://docs.aws.amazon.com/athena/latest/ug/unload.html), and
 * Athena's SELECT allows a subquery as FROM item and UNION ALL (https://docs.aws.amazon.com/athena/latest/ug/select.html).
 */
export function buildCompactionSelect(dataset: DatasetDefinition, day: string): SqlFragment {
  const columns = storedColumns(dataset).map((column) => column.name);
  const list = columns.map(quoteIdentifier).join(', ');
  const ofDay = `${quoteIdentifier(PARTITION_KEY)} = ?`;
  const sources = [quoteIdentifier(dataset.name), quoteIdentifier(curatedTableName(dataset))].map(
    (table) => `SELECT ${list} FROM ${table} WHERE ${ofDay}`,
  );
  const rows = deduplicatedRows(`(${sources.join(' UNION ALL ')})`, columns);
  const order = compactionSortColumns(dataset)
    .map((name) => `${quoteIdentifier(name)} ASC NULLS LAST`)
    .join(', ');
  const dayParameter: SqlParameter = { type: 'string', value: day };
  return { sql: `${rows} ORDER BY ${order}`, parameters: sources.map(() => dayParameter) };
}
