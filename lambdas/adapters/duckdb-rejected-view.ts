/**
 * The rejected table of a dataset in the local DuckDB database: a view named like the Glue table, `read_json` over
 * `rejected/<dataset>/dt=<receive date>/<id>.json.gz` with the columns of core/rejected-table.ts, or an empty view while there is no
 * file yet.
 */
import { join, resolve } from 'node:path';
import { type DatasetDefinition, PARTITION_KEY, rejectedTableName } from '../core/dataset';
import { REJECTED_PREFIX } from '../core/lake-keys';
import { REJECTED_COLUMNS, type RejectedColumn } from '../core/rejected-table';
import { quoteIdentifier, quoteName, quoteString } from '../core/sql-text';

const DUCKDB_TYPES: Readonly<Record<RejectedColumn['name'], string>> = {
  messageid: 'VARCHAR',
  recordindex: 'INTEGER',
  reasons: 'STRUCT(path VARCHAR, message VARCHAR)[]',
  original: 'VARCHAR',
  receivedat: 'VARCHAR',
};

function duckDbType(column: RejectedColumn): string {
  const type = DUCKDB_TYPES[column.name];
  if (type === undefined) throw new Error(`no DuckDB type for rejected column ${column.name}`);
  return type;
}

/** The directory of a dataset's rejected partitions. */
export function rejectedDatasetDir(lakeDir: string, dataset: DatasetDefinition): string {
  return join(resolve(lakeDir), REJECTED_PREFIX, dataset.name);
}

/** The view over the dataset's rejected files: JSON keys read with their own (camelCase) names, renamed to the table's. */
export function rejectedViewSql(lakeDir: string, dataset: DatasetDefinition): string {
  const glob = join(rejectedDatasetDir(lakeDir, dataset), '*', '*.json.gz');
  const keys = REJECTED_COLUMNS.map((column) => `${quoteString(column.key)}: ${quoteString(duckDbType(column))}`).join(', ');
  const select = REJECTED_COLUMNS.map((column) => `${quoteName(column.key)} AS ${quoteIdentifier(column.name)}`);
  select.push(quoteIdentifier(PARTITION_KEY));
  return (
    `CREATE OR REPLACE VIEW ${quoteIdentifier(rejectedTableName(dataset))} AS SELECT ${select.join(', ')} FROM read_json(${quoteString(glob)}, ` +
    `format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, ` +
    `hive_types = {${quoteString(PARTITION_KEY)}: 'VARCHAR'}, columns = {${keys}})`
  );
}

/** The same columns and no rows (read_json fails on an empty glob). */
export function emptyRejectedViewSql(dataset: DatasetDefinition): string {
  const columns = REJECTED_COLUMNS.map((column) => `CAST(NULL AS ${duckDbType(column)}) AS ${quoteIdentifier(column.name)}`);
  columns.push(`CAST(NULL AS VARCHAR) AS ${quoteIdentifier(PARTITION_KEY)}`);
  return `CREATE OR REPLACE VIEW ${quoteIdentifier(rejectedTableName(dataset))} AS SELECT ${columns.join(', ')} WHERE false`;
}
