/**
 * The compaction writer of the local mode: DuckDB runs the compaction select over the raw view and the curated view of
 * the lake directory (the catalog's current run of each day) and COPYs its rows into one ZSTD Parquet file under the
 * run prefix, durable before the write resolves.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { buildCompactionSelect } from '../core/compaction-query';
import type { DatasetDefinition } from '../core/dataset';
import type { CompactedDaysReader } from '../core/ports/compaction-catalog';
import type { CompactionWriter } from '../core/ports/compaction-writer';
import { quoteString } from '../core/sql-text';
import { COMPACTED_FILE_NAME } from './duckdb-compacted-file';
import { CuratedViews } from './duckdb-curated-views';
import { LakeViews } from './duckdb-lake-views';
import { bindParameter } from './duckdb-values';
import { syncDirectory } from './sync-directory';

/**
 * Rows per Parquet row group: DuckDB's default, a multiple of its 2048-row vectors; a day of one dataset is rarely more
 * than a few groups, and each group's min/max statistics let a filter on the leading sort column skip it
 * (https://duckdb.org/docs/stable/data/parquet/overview#writing-to-parquet-files).
 */
export const COMPACTED_ROW_GROUP_SIZE = 122_880;

const RUN_PREFIX = /^curated\/[a-z0-9_]+\/dt=\d{4}-\d{2}-\d{2}\/run=[^/]+\/$/;

export class DuckDbCompactionWriter implements CompactionWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly views: LakeViews,
    private readonly curatedViews: CuratedViews,
    private readonly lakeDir: string,
  ) {}

  static async open(
    lakeDir: string,
    datasets: readonly DatasetDefinition[],
    catalog: CompactedDaysReader,
  ): Promise<DuckDbCompactionWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const views = await LakeViews.create(connection, lakeDir, datasets);
    const curatedViews = await CuratedViews.empty(connection, lakeDir, datasets, catalog);
    return new DuckDbCompactionWriter(instance, connection, views, curatedViews, resolve(lakeDir));
  }

  async writeDay(dataset: DatasetDefinition, day: string, runPrefix: string): Promise<{ readonly rows?: number }> {
    const runDir = this.runDirectory(runPrefix);
    // The day's current run is read back, so its view follows the catalog as it is now, not as it was at the last write;
    // only this dataset's, so a dataset whose catalog cannot be read fails its own runs alone.
    await this.views.refresh();
    await this.curatedViews.refresh([dataset]);
    const firstCreated = await mkdir(runDir, { recursive: true });
    const file = join(runDir, COMPACTED_FILE_NAME);
    const select = buildCompactionSelect(dataset, day);
    // COPY takes prepared parameters like any statement (https://duckdb.org/docs/stable/sql/statements/copy), so the
    // day is bound, not spliced; the engine's own result files are written the same way.
    const copy = await this.connection.prepare(
      `COPY (${select.sql}) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${COMPACTED_ROW_GROUP_SIZE})`,
    );
    select.parameters.forEach((parameter, index) => {
      bindParameter(copy, index + 1, parameter);
    });
    const rows = Number((await copy.run()).rowsChanged);
    await syncFile(file);
    for (const changed of changedDirectories(runDir, firstCreated)) await syncDirectory(changed);
    return { rows };
  }

  /** Waits for a view refresh in progress, then closes the database. */
  async close(): Promise<void> {
    await this.views.settled();
    await this.curatedViews.settled();
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private runDirectory(runPrefix: string): string {
    const runDir = resolve(this.lakeDir, runPrefix);
    if (!RUN_PREFIX.test(runPrefix) || !runDir.startsWith(this.lakeDir + sep)) throw new Error(`not a run prefix: "${runPrefix}"`);
    return runDir;
  }
}

/**
 * Opens a DuckDB compaction writer over the raw views of `datasets` in `lakeDir` and the curated views of the runs
 * `catalog` names current; `close()` it when done.
 */
export function createDuckDbCompactionWriter(
  lakeDir: string,
  datasets: readonly DatasetDefinition[],
  catalog: CompactedDaysReader,
): Promise<DuckDbCompactionWriter> {
  return DuckDbCompactionWriter.open(lakeDir, datasets, catalog);
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The run directory (it gained the file), and each created directory's parent: every directory that gained an entry. */
function changedDirectories(directory: string, firstCreated: string | undefined): string[] {
  const changed = [directory];
  if (firstCreated === undefined) return changed;
  for (let current = directory; current !== dirname(firstCreated); current = dirname(current)) changed.push(dirname(current));
  return changed;
}
