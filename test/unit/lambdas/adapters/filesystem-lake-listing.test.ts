import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemLakeListing } from '../../../../lambdas/adapters/filesystem-lake-listing';

let lakeDir: string;

async function put(...keys: string[]): Promise<void> {
  for (const key of keys) {
    await mkdir(dirname(join(lakeDir, key)), { recursive: true });
    await writeFile(join(lakeDir, key), key);
  }
}

beforeEach(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-listing-'));
});

afterEach(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

describe('filesystem lake listing', () => {
  it('lists every key under a prefix as a /-separated path, matching the prefix as text', async () => {
    // Prepare
    await put(
      'raw/passengers/dt=2026-01-01/a.json.gz',
      'raw/passengers/dt=2026-01-02/b.json.gz',
      'raw/passengers_x/dt=2026-01-01/c.json.gz',
    );
    const listing = new FilesystemLakeListing(lakeDir);

    // Act
    const all = await listing.listKeys('raw/passengers/');
    const partial = await listing.listKeys('raw/passengers/dt=2026-01-0');
    const byName = await listing.listKeys('raw/passengers');

    // Assert
    expect([...all].sort()).toEqual(['raw/passengers/dt=2026-01-01/a.json.gz', 'raw/passengers/dt=2026-01-02/b.json.gz']);
    expect([...partial].sort()).toEqual(['raw/passengers/dt=2026-01-01/a.json.gz', 'raw/passengers/dt=2026-01-02/b.json.gz']);
    expect(byName).toHaveLength(3);
  });

  it('leaves out files still being written and answers nothing for a missing prefix', async () => {
    // Prepare
    await put('compaction-requests/passengers/dt=2026-01-01/r1', 'compaction-requests/passengers/dt=2026-01-01/.0a1b.tmp');
    const listing = new FilesystemLakeListing(lakeDir);

    // Act
    const keys = await listing.listKeys('compaction-requests/passengers/');
    const missing = await listing.listKeys('compaction-requests/flights/');

    // Assert
    expect(keys).toEqual(['compaction-requests/passengers/dt=2026-01-01/r1']);
    expect(missing).toEqual([]);
  });

  it('lists the next level of folders that hold a file, as common prefixes', async () => {
    // Prepare
    await put('curated/passengers/dt=2026-01-01/run=a/part-0.parquet', 'curated/passengers/dt=2026-01-02/run=b/part-0.parquet');
    await put('curated/passengers/_manifest.json');
    await mkdir(join(lakeDir, 'curated/passengers/dt=2026-01-03'), { recursive: true });
    const listing = new FilesystemLakeListing(lakeDir);

    // Act
    const days = await listing.listPrefixes('curated/passengers/');
    const runs = await listing.listPrefixes('curated/passengers/dt=2026-01-01/');

    // Assert
    expect([...days].sort()).toEqual(['curated/passengers/dt=2026-01-01/', 'curated/passengers/dt=2026-01-02/']);
    expect(runs).toEqual(['curated/passengers/dt=2026-01-01/run=a/']);
  });

  it('deletes keys, ignores ones already gone, and removes the curated folders it emptied', async () => {
    // Prepare
    await put('curated/passengers/dt=2026-01-01/run=a/part-0.parquet', 'curated/passengers/dt=2026-01-01/run=b/part-0.parquet');
    await put('compaction-requests/passengers/dt=2026-01-01/r1');
    const listing = new FilesystemLakeListing(lakeDir);

    // Act
    await listing.deleteKeys([
      'curated/passengers/dt=2026-01-01/run=a/part-0.parquet',
      'curated/passengers/dt=2026-01-01/run=z/part-0.parquet',
      'compaction-requests/passengers/dt=2026-01-01/r1',
    ]);

    // Assert
    expect(await readdir(join(lakeDir, 'curated/passengers/dt=2026-01-01'))).toEqual(['run=b']);
    expect(await listing.listKeys('compaction-requests/')).toEqual([]);
  });

  it('refuses a key outside the lake directory', async () => {
    // Act
    const deleted = new FilesystemLakeListing(lakeDir).deleteKeys(['../outside']);

    // Assert
    await expect(deleted).rejects.toThrow('Invalid lake key');
  });
});
