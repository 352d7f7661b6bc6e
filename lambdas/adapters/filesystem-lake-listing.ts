/**
 * The lake listing of the local mode: keys are the `/`-separated paths of the files under the lake directory, and a
 * prefix is matched as text, as S3 matches it. A folder holding no file is not listed, as S3 has no empty prefixes.
 */
import { readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { CURATED_PREFIX } from '../core/lake-keys';
import type { LakeListing } from '../core/ports/lake-listing';
import { syncDirectory } from './sync-directory';

/** A file being written (the object store's `.<random>.tmp`, a durable write's `<name>.tmp`): not an object yet. */
function isInFlight(name: string): boolean {
  return name.startsWith('.') || name.endsWith('.tmp');
}

function isMissing(error: unknown): boolean {
  const { code } = error as { code?: unknown };
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function entriesOf(directory: string) {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

export class FilesystemLakeListing implements LakeListing {
  private readonly lakeDir: string;

  constructor(lakeDir: string) {
    this.lakeDir = resolve(lakeDir);
  }

  async listKeys(prefix: string): Promise<readonly string[]> {
    const keys: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await entriesOf(this.pathOf(folder))) {
        const key = `${folder}${entry.name}`;
        if (!(key.startsWith(prefix) || prefix.startsWith(`${key}/`))) continue;
        if (entry.isDirectory()) await walk(`${key}/`);
        else if (entry.isFile() && !isInFlight(entry.name)) keys.push(key);
      }
    };
    await walk(folderOf(prefix));
    return keys;
  }

  async listPrefixes(prefix: string): Promise<readonly string[]> {
    const folder = folderOf(prefix);
    const prefixes: string[] = [];
    for (const entry of await entriesOf(this.pathOf(folder))) {
      const candidate = `${folder}${entry.name}/`;
      if (entry.isDirectory() && candidate.startsWith(prefix) && (await this.listKeys(candidate)).length > 0) prefixes.push(candidate);
    }
    return prefixes;
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    const changed = new Set<string>();
    for (const key of keys) {
      const path = this.pathOf(key);
      await rm(path, { force: true });
      changed.add(dirname(path));
    }
    for (const directory of changed) await this.removeEmptyCurated(directory);
  }

  /**
   * Removes `directory` and its parents once empty, up to `curated/`, then fsyncs what changed. Only there: only the
   * compaction writes under `curated/`, while the ingest writes the other folders and could lose a folder it had just
   * made to a removal between its mkdir and its write.
   */
  private async removeEmptyCurated(directory: string): Promise<void> {
    const curated = join(this.lakeDir, CURATED_PREFIX);
    let current = directory;
    while (current.startsWith(curated + sep)) {
      try {
        await rmdir(current);
      } catch (error) {
        const { code } = error as { code?: unknown };
        if (code === 'ENOTEMPTY' || code === 'EEXIST') break;
        if (!isMissing(error)) throw error;
      }
      current = dirname(current);
    }
    await syncDirectory(current).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }

  /** The path of a key or folder; refuses one that would leave the lake directory. */
  private pathOf(key: string): string {
    const path = resolve(this.lakeDir, key);
    if (key.startsWith('/') || !(path === this.lakeDir || path.startsWith(this.lakeDir + sep)))
      throw new Error(`Invalid lake key "${key}"`);
    return path;
  }
}

/** The folder part of a prefix: everything up to its last `/` (`''` for the lake directory itself). */
function folderOf(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}
