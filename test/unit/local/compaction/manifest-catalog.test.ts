import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestCatalog } from '../../../../local/compaction/manifest-catalog';

let lakeDir: string;

beforeEach(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-manifest-'));
});

afterEach(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

const entry = (day: string, runId: string) => ({ day, runId, compactedAt: `${day}T04:00:00.000Z` });

describe('manifest compaction catalog', () => {
  it('answers no compacted day before the first switch', async () => {
    // Act
    const days = await new ManifestCatalog(lakeDir).compactedDays('passengers', '0000-01-01', '9999-12-31');

    // Assert
    expect(days).toEqual([]);
  });

  it('switches a day to a new run in place of the old one, keeping the other days', async () => {
    // Prepare
    const catalog = new ManifestCatalog(lakeDir);
    await catalog.switchDay('passengers', entry('2026-01-02', 'r1'));
    await catalog.switchDay('passengers', entry('2026-01-01', 'r2'));

    // Act
    await catalog.switchDay('passengers', entry('2026-01-02', 'r3'));

    // Assert
    expect(await catalog.compactedDays('passengers', '2026-01-01', '2026-01-31')).toEqual([
      entry('2026-01-01', 'r2'),
      entry('2026-01-02', 'r3'),
    ]);
    expect(await catalog.compactedDays('passengers', '2026-01-02', '2026-01-02')).toEqual([entry('2026-01-02', 'r3')]);
    expect(await catalog.compactedDays('flights', '2026-01-01', '2026-01-31')).toEqual([]);
  });

  it('keeps every day of switches made at once', async () => {
    // Prepare
    const catalog = new ManifestCatalog(lakeDir);
    const days = Array.from({ length: 20 }, (_, index) => `2026-02-${String(index + 1).padStart(2, '0')}`);

    // Act
    await Promise.all(days.map((day) => catalog.switchDay('passengers', entry(day, `run-${day}`))));

    // Assert
    expect((await catalog.compactedDays('passengers', '2026-02-01', '2026-02-28')).map((compacted) => compacted.day)).toEqual(days);
  });

  it('is read back by a catalog opened later, from the manifest file', async () => {
    // Prepare
    await new ManifestCatalog(lakeDir).switchDay('passengers', entry('2026-01-02', 'r1'));

    // Act
    const reopened = await new ManifestCatalog(lakeDir).compactedDays('passengers', '2026-01-01', '2026-01-31');

    // Assert
    expect(reopened).toEqual([entry('2026-01-02', 'r1')]);
    expect(JSON.parse(await readFile(join(lakeDir, 'curated/passengers/_manifest.json'), 'utf8'))).toEqual({
      days: { '2026-01-02': { runId: 'r1', compactedAt: '2026-01-02T04:00:00.000Z' } },
    });
  });

  it('ignores a torn temp file left by a crash during a switch, and the next switch replaces it', async () => {
    // Prepare
    const catalog = new ManifestCatalog(lakeDir);
    await catalog.switchDay('passengers', entry('2026-01-02', 'r1'));
    await writeFile(join(lakeDir, 'curated/passengers/_manifest.json.tmp'), '{"days": {"2026-01-02": {"runId": "r2"');

    // Act
    const afterCrash = await new ManifestCatalog(lakeDir).compactedDays('passengers', '2026-01-01', '2026-01-31');
    await catalog.switchDay('passengers', entry('2026-01-03', 'r3'));

    // Assert
    expect(afterCrash).toEqual([entry('2026-01-02', 'r1')]);
    expect(await catalog.compactedDays('passengers', '2026-01-01', '2026-01-31')).toEqual([
      entry('2026-01-02', 'r1'),
      entry('2026-01-03', 'r3'),
    ]);
  });

  it('refuses an entry whose run id could not name a folder', async () => {
    // Act
    const switched = new ManifestCatalog(lakeDir).switchDay('passengers', entry('2026-01-02', '../r1'));

    // Assert
    await expect(switched).rejects.toThrow('not a run id');
  });
});
