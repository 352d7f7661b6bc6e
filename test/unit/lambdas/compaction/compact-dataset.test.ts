import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { type CompactionPorts, compactDataset, DayNotClosedError } from '../../../../lambdas/compaction/compact-dataset';
import type { DatasetDefinition } from '../../../../lambdas/core/dataset';
import type { CompactedDay, CompactionCatalog } from '../../../../lambdas/core/ports/compaction-catalog';
import type { CompactionWriter } from '../../../../lambdas/core/ports/compaction-writer';
import type { LakeListing } from '../../../../lambdas/core/ports/lake-listing';

/** Before 03:00 UTC on Feb 1: with a 3 h lag, every January day is closed but Jan 31. */
const NOW = new Date('2025-02-01T02:00:00.000Z');
const LAG = { lagHours: 3 };

class MemoryListing implements LakeListing {
  readonly keys = new Set<string>();

  constructor(keys: readonly string[] = []) {
    for (const key of keys) this.keys.add(key);
  }

  async listKeys(prefix: string): Promise<readonly string[]> {
    return [...this.keys].filter((key) => key.startsWith(prefix));
  }

  async listPrefixes(prefix: string): Promise<readonly string[]> {
    const folders = new Set<string>();
    for (const key of this.keys) {
      if (!key.startsWith(prefix)) continue;
      const slash = key.indexOf('/', prefix.length);
      if (slash >= 0) folders.add(key.slice(0, slash + 1));
    }
    return [...folders];
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.keys.delete(key);
  }
}

class MemoryCatalog implements CompactionCatalog {
  readonly days = new Map<string, CompactedDay>();
  readonly switches: CompactedDay[] = [];

  constructor(entries: readonly CompactedDay[] = []) {
    for (const entry of entries) this.days.set(entry.day, entry);
  }

  async compactedDays(_dataset: string, from: string, to: string): Promise<readonly CompactedDay[]> {
    return [...this.days.values()].filter((entry) => entry.day >= from && entry.day <= to).sort((a, b) => a.day.localeCompare(b.day));
  }

  async switchDay(_dataset: string, entry: CompactedDay): Promise<void> {
    this.switches.push(entry);
    this.days.set(entry.day, entry);
  }
}

/** Writes one Parquet key per day into the listing; `during` runs while a day is being written. */
class MemoryWriter implements CompactionWriter {
  readonly written: Array<{ day: string; runPrefix: string }> = [];

  constructor(
    private readonly listing: MemoryListing,
    private readonly during: (day: string) => void = () => {},
  ) {}

  async writeDay(_dataset: DatasetDefinition, day: string, runPrefix: string): Promise<{ rows: number }> {
    this.during(day);
    this.listing.keys.add(`${runPrefix}part-0.parquet`);
    this.written.push({ day, runPrefix });
    return { rows: 10 };
  }
}

function portsOf(listing: MemoryListing, catalog: MemoryCatalog, writer: CompactionWriter): CompactionPorts {
  let runs = 0;
  return { listing, catalog, writer, now: () => NOW, newRunId: () => `run-${++runs}` };
}

const raw = (day: string, id = 'a') => `raw/passengers/dt=${day}/${id}.json.gz`;
const request = (day: string, id: string) => `compaction-requests/passengers/dt=${day}/${id}`;
const curated = (day: string, runId: string) => `curated/passengers/dt=${day}/run=${runId}/part-0.parquet`;
const compacted = (day: string, runId: string): CompactedDay => ({ day, runId, compactedAt: '2025-01-31T03:00:00.000Z' });

describe('compactDataset', () => {
  it('compacts the closed days never compacted or requested again, ascending, and leaves the others', async () => {
    // Prepare
    const listing = new MemoryListing([
      ...['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((day) => raw(day)),
      curated('2025-01-28', 'r-28'),
      curated('2025-01-29', 'r-29'),
      request('2025-01-29', 'late'),
    ]);
    const catalog = new MemoryCatalog([compacted('2025-01-28', 'r-28'), compacted('2025-01-29', 'r-29')]);
    const writer = new MemoryWriter(listing);

    // Act
    const reports = await compactDataset(portsOf(listing, catalog, writer), passengers, LAG);

    // Assert
    expect(reports).toEqual([
      { day: '2025-01-29', runId: 'run-1', rows: 10, replacedRunId: 'r-29', requests: 1 },
      { day: '2025-01-30', runId: 'run-2', rows: 10, requests: 0 },
    ]);
    expect(writer.written).toEqual([
      { day: '2025-01-29', runPrefix: 'curated/passengers/dt=2025-01-29/run=run-1/' },
      { day: '2025-01-30', runPrefix: 'curated/passengers/dt=2025-01-30/run=run-2/' },
    ]);
    expect(catalog.switches).toEqual([
      { day: '2025-01-29', runId: 'run-1', compactedAt: NOW.toISOString() },
      { day: '2025-01-30', runId: 'run-2', compactedAt: NOW.toISOString() },
    ]);
    expect(listing.keys.has(request('2025-01-29', 'late'))).toBe(false);
  });

  it('finds nothing due when it runs again', async () => {
    // Prepare
    const listing = new MemoryListing([raw('2025-01-30'), request('2025-01-30', 'late')]);
    const catalog = new MemoryCatalog();
    const ports = portsOf(listing, catalog, new MemoryWriter(listing));
    await compactDataset(ports, passengers, LAG);

    // Act
    const again = await compactDataset(ports, passengers, LAG);

    // Assert
    expect(again).toEqual([]);
    expect(catalog.switches).toHaveLength(1);
  });

  it('refuses an explicit day that is not closed, writing and switching nothing', async () => {
    // Prepare
    const listing = new MemoryListing([raw('2025-01-31')]);
    const catalog = new MemoryCatalog();
    const writer = new MemoryWriter(listing);

    // Act
    const run = compactDataset(portsOf(listing, catalog, writer), passengers, { ...LAG, day: '2025-01-31' });

    // Assert
    await expect(run).rejects.toBeInstanceOf(DayNotClosedError);
    await expect(run).rejects.toThrow('2025-01-31 is not closed yet: a day is compacted from 3 h after it ends (UTC)');
    expect(writer.written).toEqual([]);
    expect(catalog.switches).toEqual([]);
  });

  it('compacts an explicit closed day again even when nothing asked for it, and only that day', async () => {
    // Prepare
    const listing = new MemoryListing([raw('2025-01-29'), raw('2025-01-30'), curated('2025-01-29', 'r-29')]);
    const catalog = new MemoryCatalog([compacted('2025-01-29', 'r-29')]);

    // Act
    const reports = await compactDataset(portsOf(listing, catalog, new MemoryWriter(listing)), passengers, { ...LAG, day: '2025-01-29' });

    // Assert
    expect(reports).toEqual([{ day: '2025-01-29', runId: 'run-1', rows: 10, replacedRunId: 'r-29', requests: 0 }]);
    expect(catalog.days.get('2025-01-30')).toBeUndefined();
  });

  it('deletes the requests read before the write and keeps one stored while the day was written, for the next run', async () => {
    // Prepare
    const listing = new MemoryListing([raw('2025-01-30'), request('2025-01-30', 'before'), request('2025-01-31', 'open-day')]);
    const writer = new MemoryWriter(listing, (day) => listing.keys.add(request(day, 'during')));
    const catalog = new MemoryCatalog();
    const ports = portsOf(listing, catalog, writer);

    // Act
    const reports = await compactDataset(ports, passengers, LAG);

    // Assert
    expect(reports.map((report) => [report.day, report.requests])).toEqual([['2025-01-30', 1]]);
    expect([...listing.keys].filter((key) => key.startsWith('compaction-requests/')).sort()).toEqual([
      request('2025-01-30', 'during'),
      request('2025-01-31', 'open-day'),
    ]);
    expect((await compactDataset(ports, passengers, LAG)).map((report) => report.day)).toEqual(['2025-01-30']);
  });

  it('removes the stale runs of a day, keeping the new run and the one it replaced', async () => {
    // Prepare
    const listing = new MemoryListing([
      raw('2025-01-29'),
      curated('2025-01-29', 'r-older'),
      curated('2025-01-29', 'r-crashed'),
      curated('2025-01-29', 'r-current'),
      curated('2025-01-28', 'r-other-day'),
    ]);
    const catalog = new MemoryCatalog([compacted('2025-01-29', 'r-current'), compacted('2025-01-28', 'r-other-day')]);

    // Act
    await compactDataset(portsOf(listing, catalog, new MemoryWriter(listing)), passengers, { ...LAG, day: '2025-01-29' });

    // Assert
    expect([...listing.keys].filter((key) => key.startsWith('curated/')).sort()).toEqual([
      curated('2025-01-28', 'r-other-day'),
      curated('2025-01-29', 'r-current'),
      curated('2025-01-29', 'run-1'),
    ]);
  });

  it('switches nothing and deletes nothing when the writer fails', async () => {
    // Prepare
    const keys = [raw('2025-01-29'), curated('2025-01-29', 'r-current'), curated('2025-01-29', 'r-crashed'), request('2025-01-29', 'late')];
    const listing = new MemoryListing(keys);
    const catalog = new MemoryCatalog([compacted('2025-01-29', 'r-current')]);
    const writer: CompactionWriter = {
      writeDay: async () => {
        throw new Error('engine failed');
      },
    };

    // Act
    const run = compactDataset(portsOf(listing, catalog, writer), passengers, LAG);

    // Assert
    await expect(run).rejects.toThrow('engine failed');
    expect(catalog.switches).toEqual([]);
    expect(catalog.days.get('2025-01-29')?.runId).toBe('r-current');
    expect([...listing.keys].sort()).toEqual([...keys].sort());
  });

  it('reports a day that fails to the caller and goes on with the next day when asked to', async () => {
    // Prepare
    const listing = new MemoryListing([raw('2025-01-29'), raw('2025-01-30'), request('2025-01-29', 'late')]);
    const catalog = new MemoryCatalog();
    const memory = new MemoryWriter(listing);
    const writer: CompactionWriter = {
      writeDay: async (dataset, day, runPrefix) => {
        if (day === '2025-01-29') throw new Error('engine failed');
        return memory.writeDay(dataset, day, runPrefix);
      },
    };
    const failures: Array<{ day: string; error: unknown }> = [];

    // Act
    const reports = await compactDataset(portsOf(listing, catalog, writer), passengers, {
      ...LAG,
      onDayFailed: (day, error) => failures.push({ day, error }),
    });

    // Assert
    expect(failures).toEqual([{ day: '2025-01-29', error: new Error('engine failed') }]);
    expect(reports).toEqual([{ day: '2025-01-30', runId: 'run-2', rows: 10, requests: 0 }]);
    expect(catalog.switches.map((entry) => entry.day)).toEqual(['2025-01-30']);
    expect(listing.keys.has(request('2025-01-29', 'late'))).toBe(true);
  });

  it('switches a day only after its run is written, then deletes its requests', async () => {
    // Prepare
    const events: string[] = [];
    const listing = new MemoryListing([raw('2025-01-30'), request('2025-01-30', 'late')]);
    const deleteKeys = listing.deleteKeys.bind(listing);
    listing.deleteKeys = async (keys) => {
      events.push(`delete ${keys.join(',')}`);
      await deleteKeys(keys);
    };
    const catalog = new MemoryCatalog();
    const switchDay = catalog.switchDay.bind(catalog);
    catalog.switchDay = async (dataset, entry) => {
      events.push(`switch ${entry.day}`);
      await switchDay(dataset, entry);
    };
    const writer = new MemoryWriter(listing, (day) => events.push(`write ${day}`));

    // Act
    await compactDataset(portsOf(listing, catalog, writer), passengers, LAG);

    // Assert
    expect(events.slice(0, 3)).toEqual(['write 2025-01-30', 'switch 2025-01-30', `delete ${request('2025-01-30', 'late')}`]);
  });
});
