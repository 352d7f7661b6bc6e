import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchDay, buildBenchLake, randomMessageId, seededRandom } from '../../../bench/bench-lake';
import { readLakeCopies } from '../../../bench/lake-copies';

describe('the benchmarks lake', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('stores every record once plus one copy per redelivered message, over the days asked', async () => {
    // Prepare
    const lakeDir = await mkdtemp(join(tmpdir(), 'bench-lake-'));
    dirs.push(lakeDir);

    // Act
    const lake = await buildBenchLake(lakeDir, { rows: 2000, days: 3, batchSize: 300, duplicateShare: 0.01 });

    // Assert: counted from the objects themselves
    const copies = readLakeCopies(lakeDir, 'passengers');
    expect(lake.redeliveredMessages).toBe(20);
    expect(copies).toEqual({ rows: 2020, records: 2000, extraCopies: 20, duplicatedRecords: 20 });
    expect(lake.batches).toBe(8); // 7 of 300, then the last batch's redelivered message alone
    expect(lake.objects).toBeGreaterThanOrEqual(lake.batches);
  });

  it('names days from the first bench day and draws message ids shaped as SNS ones', () => {
    expect(benchDay(0)).toBe('2025-01-01');
    expect(benchDay(31)).toBe('2025-02-01');
    expect(randomMessageId(seededRandom(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
