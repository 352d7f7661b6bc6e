/**
 * The SELECT that compacts one day of a dataset: each record once (the earliest ingested copy, as the records query
 * keeps), every stored column, sorted so that equality filters on the sort columns can skip Parquet row groups by their
 * min/max statistics. Athena wraps it in UNLOAD, DuckDB in COPY; both run it with the day as its one `?` parameter.
 */
import { type DatasetDefinition, LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX, PARTITION_KEY, storedColumns } from './dataset';
import { deduplicatedRaw, type SqlFragment } from './lake-rows';
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

/** The compacted rows of `day`; the curated files hold the stored columns, and the day is their partition. */
export function buildCompactionSelect(dataset: DatasetDefinition, day: string): SqlFragment {
  const columns = storedColumns(dataset).map((column) => column.name);
  const rows = deduplicatedRaw(dataset, columns, [`${quoteIdentifier(PARTITION_KEY)} = ?`]);
  const order = compactionSortColumns(dataset)
    .map((name) => `${quoteIdentifier(name)} ASC NULLS LAST`)
    .join(', ');
  return { sql: `${rows} ORDER BY ${order}`, parameters: [{ type: 'string', value: day }] };
}
