import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { defineDataset } from '../../../../lambdas/core/dataset';
import type { CompactedDay, CompactionCatalog } from '../../../../lambdas/core/ports/compaction-catalog';
import { LocalCompactor, newRunId } from '../../../../local/compaction/local-compactor';
import { ManifestCatalog } from '../../../../local/compaction/manifest-catalog';
import { type PassengerLake, writePassengerLake } from '../../../fixtures/passenger-lake';

const NOW = new Date('2025-02-01T00:00:00.000Z');
const flights = defineDataset({
  name: 'flights',
  description: 'Flights.',
  columns: {
    flight_id: { type: 'bigint', description: 'Flight.', required: true },
    departs_at: { type: 'timestamp', description: 'Departure.', required: true },
  },
  partitionColumn: 'departs_at',
});

/** A catalog that counts the switches going at once and can be made to fail for one dataset. */
class WatchedCatalog implements CompactionCatalog {
  running = 0;
  mostAtOnce = 0;
  constructor(
    private readonly inner: CompactionCatalog,
    private readonly failing?: string,
  ) {}

  compactedDays(dataset: string, from: string, to: string) {
    if (dataset === this.failing) return Promise.reject(new Error(`${dataset} catalog unreadable`));
    return this.inner.compactedDays(dataset, from, to);
  }

  async switchDay(dataset: string, entry: CompactedDay) {
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await this.inner.switchDay(dataset, entry);
    this.running--;
  }
}

describe('local compactor', () => {
  let lake: PassengerLake;

  beforeEach(async () => {
    lake = await writePassengerLake();
  });

  afterEach(async () => {
    await lake.remove();
  });

  it('runs compactions asked for at once one after the other', async () => {
    // Prepare
    const catalog = new WatchedCatalog(new ManifestCatalog(lake.lakeDir));
    const compactor = await LocalCompactor.open({ lakeDir: lake.lakeDir, datasets: [passengers], catalog, lagHours: 3, now: () => NOW });

    // Act
    const [all, day, again] = await Promise.all([
      compactor.compact('passengers'),
      compactor.compact('passengers', '2025-01-10'),
      compactor.compact('passengers'),
    ]);
    await compactor.close();

    // Assert
    expect(all.map((report) => report.day)).toEqual(['2025-01-10', '2025-01-11', '2025-01-12']);
    expect(day).toMatchObject([{ day: '2025-01-10', replacedRunId: all[0]?.runId }]);
    expect(again).toEqual([]);
    expect(catalog.mostAtOnce).toBe(1);
  });

  it('compacts every dataset in a scheduled turn, reporting one that fails without stopping the others', async () => {
    // Prepare
    const catalog = new WatchedCatalog(new ManifestCatalog(lake.lakeDir), 'flights');
    const compactor = await LocalCompactor.open({
      lakeDir: lake.lakeDir,
      datasets: [flights, passengers],
      catalog,
      lagHours: 3,
      now: () => NOW,
    });
    const errors: unknown[] = [];

    // Act
    await compactor.compactAll((error) => errors.push(error));
    await compactor.close();

    // Assert
    expect(errors).toEqual([new Error('flights catalog unreadable')]);
    expect((await catalog.compactedDays('passengers', '2025-01-01', '2025-01-31')).map((entry) => entry.day)).toEqual([
      '2025-01-10',
      '2025-01-11',
      '2025-01-12',
    ]);
  });

  it('refuses an unknown dataset and any compaction once closed', async () => {
    // Prepare
    const compactor = await LocalCompactor.open({
      lakeDir: lake.lakeDir,
      datasets: [passengers],
      catalog: new ManifestCatalog(lake.lakeDir),
      lagHours: 3,
    });

    // Act
    const unknown = compactor.compact('flights');
    await compactor.close();
    const closed = compactor.compact('passengers');

    // Assert
    await expect(unknown).rejects.toThrow('unknown dataset "flights"; known: passengers');
    await expect(closed).rejects.toThrow('stopping');
  });

  it('names runs by their start time, each one different', () => {
    // Act
    const ids = [newRunId(new Date('2026-01-02T03:15:00.123Z')), newRunId(new Date('2026-01-02T03:15:00.123Z'))];

    // Assert
    expect(ids[0]).toMatch(/^20260102T031500Z-[0-9a-f]{6}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
