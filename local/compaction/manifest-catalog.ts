/**
 * The compaction catalog of the local mode: one manifest per dataset, `<lakeDir>/curated/<dataset>/_manifest.json`,
 * `{"days": {"YYYY-MM-DD": {"runId", "compactedAt"}}}`. A switch rewrites the whole manifest durably (temp file,
 * fsync, rename, directory fsync), so a reader sees the manifest before the switch or after it, and a crash leaves one
 * of the two; a torn temp file is never read.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { syncDirectory } from '../../lambdas/adapters/sync-directory';
import { curatedDatasetPrefix } from '../../lambdas/core/lake-keys';
import type { CompactedDay, CompactionCatalog } from '../../lambdas/core/ports/compaction-catalog';
import { writeFileDurably } from '../spool/durable-files';

export const MANIFEST_FILE_NAME = '_manifest.json';

interface ManifestEntry {
  readonly runId: string;
  readonly compactedAt: string;
}

interface Manifest {
  readonly days: Readonly<Record<string, ManifestEntry>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RUN_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

function checkEntry(entry: CompactedDay): void {
  if (!DAY.test(entry.day)) throw new Error(`not a day (YYYY-MM-DD): "${entry.day}"`);
  if (!RUN_ID.test(entry.runId)) throw new Error(`not a run id fit for an object key: "${entry.runId}"`);
}

export class ManifestCatalog implements CompactionCatalog {
  private readonly lakeDir: string;
  private switching: Promise<void> = Promise.resolve();

  constructor(lakeDir: string) {
    this.lakeDir = resolve(lakeDir);
  }

  /** `<lakeDir>/curated/<dataset>/_manifest.json`. */
  manifestPath(dataset: string): string {
    return join(this.lakeDir, curatedDatasetPrefix(dataset), MANIFEST_FILE_NAME);
  }

  async compactedDays(dataset: string, from: string, to: string): Promise<readonly CompactedDay[]> {
    const { days } = await this.read(dataset);
    return Object.entries(days)
      .filter(([day]) => day >= from && day <= to)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, entry]) => ({ day, runId: entry.runId, compactedAt: entry.compactedAt }));
  }

  /** Switches one day; switches run one at a time, so none is lost to another's read-modify-write. */
  switchDay(dataset: string, entry: CompactedDay): Promise<void> {
    const switched = this.switching.then(() => {
      checkEntry(entry);
      return this.write(dataset, entry);
    });
    this.switching = switched.catch(() => undefined);
    return switched;
  }

  private async write(dataset: string, entry: CompactedDay): Promise<void> {
    const { days } = await this.read(dataset);
    const manifest: Manifest = { days: { ...days, [entry.day]: { runId: entry.runId, compactedAt: entry.compactedAt } } };
    const path = this.manifestPath(dataset);
    const firstCreated = await mkdir(dirname(path), { recursive: true });
    if (firstCreated !== undefined) {
      for (let current = dirname(path); current !== dirname(firstCreated); current = dirname(current))
        await syncDirectory(dirname(current));
    }
    await writeFileDurably(path, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  private async read(dataset: string): Promise<Manifest> {
    let text: string;
    try {
      text = await readFile(this.manifestPath(dataset), 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { days: {} };
      throw error;
    }
    const manifest = JSON.parse(text) as Partial<Manifest>;
    if (typeof manifest.days !== 'object' || manifest.days === null) throw new Error(`${this.manifestPath(dataset)} has no "days" object`);
    return { days: manifest.days };
  }
}
