/**
 * The curated views of the local DuckDB database, `lakeline_curated_<name>`: `read_parquet` over the files of each
 * compacted day's current run, as the compaction catalog lists them, with the stored columns and the hive partition
 * `dt`; an empty view while no day of the dataset is compacted. Rebuilt only when the listed runs change.
 */
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { curatedTableName, type DatasetDefinition, PARTITION_KEY, storedColumns } from '../core/dataset';
import { curatedRunPrefix } from '../core/lake-keys';
import type { CompactedDay, CompactedDaysReader } from '../core/ports/compaction-catalog';
import { quoteIdentifier, quoteString } from '../core/sql-text';
import { COMPACTED_FILE_NAME } from './duckdb-compacted-file';
import { emptyViewSql } from './duckdb-lake-views';

const EVERY_DAY = ['0000-01-01', '9999-12-31'] as const;

/**
 * The curated view over the given runs (at least one): the stored columns and `dt`, not the hive key `run`. Each run's
 * file is named, not globbed, so a query lists no directory.
 */
export function curatedViewSql(lakeDir: string, dataset: DatasetDefinition, runs: readonly CompactedDay[]): string {
  const files = runs.map((run) =>
    quoteString(join(resolve(lakeDir), curatedRunPrefix(dataset.name, run.day, run.runId), COMPACTED_FILE_NAME)),
  );
  const columns = [...storedColumns(dataset).map((column) => column.name), PARTITION_KEY].map(quoteIdentifier).join(', ');
  return (
    `CREATE OR REPLACE VIEW ${quoteIdentifier(curatedTableName(dataset))} AS SELECT ${columns} FROM read_parquet([${files.join(', ')}], ` +
    `hive_partitioning = true, hive_types = {${quoteString(PARTITION_KEY)}: 'VARCHAR'})`
  );
}

/** The curated view while nothing is compacted: the raw view's columns, no rows. */
export function emptyCuratedViewSql(dataset: DatasetDefinition): string {
  return emptyViewSql(dataset, curatedTableName(dataset));
}

function signature(runs: readonly CompactedDay[]): string {
  return runs.map((run) => `${run.day}/${run.runId}`).join(',');
}

/** One curated view per dataset on `connection`, following the catalog's current runs. */
export class CuratedViews {
  private readonly applied = new Map<string, string>();
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly lakeDir: string,
    private readonly datasets: readonly DatasetDefinition[],
    private readonly catalog: CompactedDaysReader,
  ) {}

  /** The views, each following the catalog as it is now. */
  static async create(
    connection: DuckDBConnection,
    lakeDir: string,
    datasets: readonly DatasetDefinition[],
    catalog: CompactedDaysReader,
  ): Promise<CuratedViews> {
    const views = await CuratedViews.empty(connection, lakeDir, datasets, catalog);
    await views.refresh();
    return views;
  }

  /** The views, empty until a refresh reads the catalog (which may then fail for one dataset only). */
  static async empty(
    connection: DuckDBConnection,
    lakeDir: string,
    datasets: readonly DatasetDefinition[],
    catalog: CompactedDaysReader,
  ): Promise<CuratedViews> {
    const views = new CuratedViews(connection, resolve(lakeDir), datasets, catalog);
    for (const dataset of datasets) {
      await connection.run(emptyCuratedViewSql(dataset));
      views.applied.set(dataset.name, '');
    }
    return views;
  }

  /**
   * Rebuilds the views of `datasets` (default: all) whose current runs changed since their last refresh. Calls run in
   * turn; a failed one is retried by the next.
   */
  refresh(datasets: readonly DatasetDefinition[] = this.datasets): Promise<void> {
    this.pending = this.settled().then(async () => {
      for (const dataset of datasets) {
        const runs = await this.catalog.compactedDays(dataset.name, ...EVERY_DAY);
        const current = signature(runs);
        if (this.applied.get(dataset.name) === current) continue;
        await this.connection.run(runs.length === 0 ? emptyCuratedViewSql(dataset) : curatedViewSql(this.lakeDir, dataset, runs));
        this.applied.set(dataset.name, current);
      }
    });
    return this.pending;
  }

  /** Resolves once no refresh is in progress, whether the last one failed or not. */
  settled(): Promise<void> {
    return this.pending.catch(() => undefined);
  }
}
