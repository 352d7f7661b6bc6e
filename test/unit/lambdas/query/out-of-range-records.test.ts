/**
 * A record dated outside the partitions the Glue table projects would be stored but never read by Athena, while
 * DuckDB (local mode) would return it. The ingest rejects it, so both engines give the same (empty) answer.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const MESSAGES = [
  '{"passenger_id": 1999, "flight_id": 1, "name": "Too early", "boarded_at": "1999-12-31T08:00:00Z"}',
  '{"passenger_id": 2031, "flight_id": 1, "name": "Too late", "boarded_at": "2031-01-01T08:00:00Z"}',
  '{"passenger_id": 7, "flight_id": 1, "name": "In range", "boarded_at": "2025-01-30T08:00:00Z"}',
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('records outside the projected partitions', () => {
  const lake = useDuckDbLake({ messages: MESSAGES });

  it('are kept in rejected/ with a reason naming the partition column, and no raw partition is written for them', async () => {
    // Act
    const rawFiles = await filesUnder(join(lake.lakeDir, 'raw', 'passengers'));
    const rejectedFiles = await filesUnder(join(lake.lakeDir, 'rejected', 'passengers'));
    const rejected = (await Promise.all(rejectedFiles.map((file) => readFile(file))))
      .flatMap((body) => gunzipSync(body).toString('utf8').split('\n'))
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { messageId: string; reasons: { path: string; message: string }[] });

    // Assert
    expect(rawFiles.map((file) => file.match(/dt=[\d-]+/)?.[0])).toEqual(['dt=2025-01-30']);
    expect(rejectedFiles.every((file) => file.includes('dt=2025-01-31'))).toBe(true);
    expect(rejected.map((line) => line.messageId).sort()).toEqual(['sns-0', 'sns-1']);
    for (const line of rejected) expect(line.reasons).toEqual([{ path: 'boarded_at', message: expect.stringContaining('partition dt=') }]);
  });

  it('are not returned by the local engine either', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: NOW,
    });

    // Act
    const [early, late, current] = await Promise.all(
      [
        { from: '1999-12-31', to: '1999-12-31' },
        { from: '2031-01-01', to: '2031-01-01' },
        { from: '2025-01-30', to: '2025-01-30' },
      ].map(async (range) =>
        JSON.parse((await handler(apiEvent('/v1/datasets/passengers/records', { ...range, columns: 'passenger_id' }))).body),
      ),
    );

    // Assert
    expect(early.rows).toEqual([]);
    expect(late.rows).toEqual([]);
    expect(current.rows).toEqual([{ passenger_id: 7 }]);
  });
});
