/**
 * The dataset views of the local DuckDB database: `read_json` over the lake directory's gzip NDJSON with hive
 * partitioning and the column types of the dataset definitions, or an empty view while a dataset has no files yet.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type ColumnType, type DatasetDefinition, PARTITION_KEY, storedColumns } from '../core/dataset';
import { RAW_PREFIX } from '../core/lake-keys';
import { quoteIdentifier, quoteString } from '../core/sql-text';
import { emptyRejectedViewSql, rejectedDatasetDir, rejectedViewSql } from './duckdb-rejected-view';

const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

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

/**
 * The view of a dataset without files yet: the same columns, no rows (read_json fails on an empty glob). `viewName`
 * names another view of the dataset's rows, such as its curated view.
 */
export function emptyViewSql(dataset: DatasetDefinition, viewName = dataset.name): string {
  const columns = storedColumns(dataset).map((column) => `CAST(NULL AS ${DUCKDB_TYPES[column.type]}) AS ${quoteIdentifier(column.name)}`);
  columns.push(`CAST(NULL AS VARCHAR) AS ${quoteIdentifier(PARTITION_KEY)}`);
  return `CREATE OR REPLACE VIEW ${quoteIdentifier(viewName)} AS SELECT ${columns.join(', ')} WHERE false`;
}

/** Whether any `dt=*` partition directory under `datasetDir` holds a gzip NDJSON file. */
async function hasPartitionFiles(datasetDir: string): Promise<boolean> {
  const partitions = await readdir(datasetDir, { withFileTypes: true }).catch(() => []);
  for (const partition of partitions) {
    if (!partition.isDirectory()) continue;
    const files = await readdir(join(datasetDir, partition.name)).catch(() => []);
    if (files.some((file) => file.endsWith('.json.gz'))) return true;
  }
  return false;
}

function hasLakeFiles(lakeDir: string, dataset: DatasetDefinition): Promise<boolean> {
  return hasPartitionFiles(join(lakeDir, RAW_PREFIX, dataset.name));
}

/**
 * One view per dataset (and one over its rejected records) on `connection`, each switched from empty to the lake once
 * its first files arrive.
 */
export class LakeViews {
  private readonly withFiles = new Set<string>();
  private readonly rejectedWithFiles = new Set<string>();
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly lakeDir: string,
    private readonly datasets: readonly DatasetDefinition[],
  ) {}

  static async create(connection: DuckDBConnection, lakeDir: string, datasets: readonly DatasetDefinition[]): Promise<LakeViews> {
    for (const dataset of datasets) {
      await connection.run(emptyViewSql(dataset));
      await connection.run(emptyRejectedViewSql(dataset));
    }
    const views = new LakeViews(connection, resolve(lakeDir), datasets);
    await views.refresh();
    return views;
  }

  /**
   * Switches datasets whose first files arrived to the lake view (once; files are never removed). Calls run in turn; a
   * failed one is retried by the next.
   */
  refresh(): Promise<void> {
    this.pending = this.settled().then(async () => {
      for (const dataset of this.datasets) {
        await this.refreshRejected(dataset);
        if (this.withFiles.has(dataset.name) || !(await hasLakeFiles(this.lakeDir, dataset))) continue;
        await this.connection.run(lakeViewSql(this.lakeDir, dataset));
        this.withFiles.add(dataset.name);
      }
    });
    return this.pending;
  }

  private async refreshRejected(dataset: DatasetDefinition): Promise<void> {
    if (this.rejectedWithFiles.has(dataset.name) || !(await hasPartitionFiles(rejectedDatasetDir(this.lakeDir, dataset)))) return;
    await this.connection.run(rejectedViewSql(this.lakeDir, dataset));
    this.rejectedWithFiles.add(dataset.name);
  }

  /** Resolves once no refresh is in progress, whether the last one failed or not. */
  settled(): Promise<void> {
    return this.pending.catch(() => undefined);
  }
}
