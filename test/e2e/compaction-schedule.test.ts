import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { ManifestCatalog } from '../../local/compaction/manifest-catalog';
import { queryAllRows, snsClient, startTestLocalMode, utcDay } from './support/local-mode-fixture';

type TestLocalMode = Awaited<ReturnType<typeof startTestLocalMode>>;

async function publishBoardings(mode: TestLocalMode, day: string, count: number): Promise<void> {
  const client = snsClient(mode.snsUrl);
  try {
    const records = Array.from({ length: count }, (_, index) => ({
      passenger_id: index + 1,
      flight_id: 70 + (index % 3),
      name: `Passenger ${index + 1}`,
      boarded_at: `${day}T10:${String(index % 60).padStart(2, '0')}:00Z`,
    }));
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(records) }));
  } finally {
    client.destroy();
  }
}

async function waitForCompactedDay(lakeDir: string, day: string, timeoutMs: number): Promise<boolean> {
  const catalog = new ManifestCatalog(lakeDir);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await catalog.compactedDays('passengers', day, day)).length > 0) return true;
    await sleep(100);
  }
  return false;
}

describe('the local mode compaction schedule', () => {
  let mode: TestLocalMode | undefined;

  afterEach(async () => {
    await mode?.dispose();
    mode = undefined;
  });

  it('compacts a closed day on its own, and the records answer stays the same', async () => {
    // Prepare
    const day = utcDay(-2);
    mode = await startTestLocalMode({ compactionIntervalSeconds: 1, compactionLagHours: 0 });
    await publishBoardings(mode, day, 40);
    await mode.flush();
    const before = await queryAllRows(mode.apiUrl, 'passengers', { from: day, to: day, order: 'passenger_id' });

    // Act
    const compacted = await waitForCompactedDay(mode.lakeDir, day, 20_000);

    // Assert
    const after = await queryAllRows(mode.apiUrl, 'passengers', { from: day, to: day, order: 'passenger_id' });
    const runs = await readdir(join(mode.lakeDir, 'curated', 'passengers', `dt=${day}`));
    expect(compacted).toBe(true);
    expect(runs).toHaveLength(1);
    expect(before.rows).toHaveLength(40);
    expect(after.rows).toEqual(before.rows);
  });

  it('leaves the day that is not closed yet and runs nothing with the schedule off', async () => {
    // Prepare
    const today = utcDay(0);
    mode = await startTestLocalMode({ compactionIntervalSeconds: 0, compactionLagHours: 0 });
    await publishBoardings(mode, today, 3);
    await publishBoardings(mode, utcDay(-1), 3);
    await mode.flush();

    // Act
    const scheduled = await waitForCompactedDay(mode.lakeDir, utcDay(-1), 1500);
    const reports = await mode.compact('passengers');

    // Assert
    expect(scheduled).toBe(false);
    expect(reports.map((report) => [report.day, report.rows])).toEqual([[utcDay(-1), 3]]);
  });

  it('stops while a scheduled compaction may be running, leaving a lake the next start reads', async () => {
    // Prepare
    const day = utcDay(-3);
    mode = await startTestLocalMode({ compactionIntervalSeconds: 1, compactionLagHours: 0 });
    await publishBoardings(mode, day, 5);
    await mode.flush();
    await sleep(1000);

    // Act
    await mode.stop();
    const restarted = await startTestLocalMode({ dataDir: mode.dataDir, compactionIntervalSeconds: 0 });
    const reports = await restarted.compact('passengers');
    const { rows } = await queryAllRows(restarted.apiUrl, 'passengers', { from: day, to: day });
    await restarted.stop();

    // Assert
    expect(reports.length).toBeLessThanOrEqual(1);
    expect(rows).toHaveLength(5);
  });
});
