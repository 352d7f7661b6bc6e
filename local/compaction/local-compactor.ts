/**
 * The compaction of the local mode: `compactDataset` over the lake directory (DuckDB writer, filesystem listing,
 * manifest catalog), one run at a time whoever asks (the schedule or the control endpoint).
 */
import { randomBytes } from 'node:crypto';
import { createDuckDbCompactionWriter, type DuckDbCompactionWriter } from '../../lambdas/adapters/duckdb-compaction-writer';
import { FilesystemLakeListing } from '../../lambdas/adapters/filesystem-lake-listing';
import { type CompactedDayReport, type CompactionPorts, compactDataset } from '../../lambdas/compaction/compact-dataset';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import type { CompactionCatalog } from '../../lambdas/core/ports/compaction-catalog';

export interface LocalCompactorOptions {
  readonly lakeDir: string;
  readonly datasets: readonly DatasetDefinition[];
  readonly catalog: CompactionCatalog;
  /** Hours after its end before a day is closed. */
  readonly lagHours: number;
  /** The clock (tests); default the system clock. */
  readonly now?: () => Date;
}

/** `20260102T031500Z-1a2b3c`: sorts by start time, unique enough for a fresh prefix. */
export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Thrown by `compact` for a dataset the local mode does not serve. */
export class UnknownDatasetError extends Error {
  constructor(name: string, known: readonly DatasetDefinition[]) {
    super(`unknown dataset "${name}"; known: ${known.map((dataset) => dataset.name).join(', ')}`);
    this.name = 'UnknownDatasetError';
  }
}

export class LocalCompactor {
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;

  private constructor(
    private readonly options: LocalCompactorOptions,
    private readonly writer: DuckDbCompactionWriter,
  ) {}

  static async open(options: LocalCompactorOptions): Promise<LocalCompactor> {
    return new LocalCompactor(options, await createDuckDbCompactionWriter(options.lakeDir, options.datasets, options.catalog));
  }

  get lagHours(): number {
    return this.options.lagHours;
  }

  /** Compacts the due days of one dataset, or only `day` (again, if it already is), once no other run is going. */
  compact(datasetName: string, day?: string): Promise<readonly CompactedDayReport[]> {
    const dataset = this.options.datasets.find((candidate) => candidate.name === datasetName);
    if (dataset === undefined) return Promise.reject(new UnknownDatasetError(datasetName, this.options.datasets));
    return this.exclusive(() => this.run(dataset, day));
  }

  /**
   * Compacts the due days of every dataset in one turn; a dataset that fails is reported to `onError` and the others
   * still run. Closing stops it before the next dataset.
   */
  compactAll(onError: (error: unknown) => void): Promise<void> {
    return this.exclusive(async () => {
      for (const dataset of this.options.datasets) {
        if (this.closing) return;
        await this.run(dataset).catch(onError);
      }
    });
  }

  /** Refuses new runs, waits for the one going (a dataset's run is never cut short), then closes the writer. */
  async close(): Promise<void> {
    this.closing = true;
    await this.queue.catch(() => undefined);
    await this.writer.close();
  }

  private async run(dataset: DatasetDefinition, day?: string): Promise<readonly CompactedDayReport[]> {
    if (this.closing) throw new Error('the local mode is stopping');
    const now = this.options.now ?? (() => new Date());
    const ports: CompactionPorts = {
      listing: new FilesystemLakeListing(this.options.lakeDir),
      catalog: this.options.catalog,
      writer: this.writer,
      now,
      newRunId: () => newRunId(now()),
    };
    return compactDataset(ports, dataset, { lagHours: this.options.lagHours, ...(day === undefined ? {} : { day }) });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
