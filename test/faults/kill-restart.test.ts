/**
 * Crash test of the local mode: publishers keep publishing through the AWS SDK while the local mode (its own Node
 * process) is killed with SIGKILL at random moments and restarted on the same data directory, five times. After the
 * last restart every acknowledged record is queryable through the HTTP API exactly once, and no record twice.
 */

import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalMode } from '../../local/local-mode';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from '../e2e/support/child-local-mode';
import { queryAllRows, snsClient, temporaryDataDir } from '../e2e/support/local-mode-fixture';
import { seededRandom } from './support/flaky-object-store';

const KILLS = 5;
const PUBLISHERS = 4;
const DAY = '2025-06-15';
const random = seededRandom(Number(process.env.FAULT_SEED ?? 20261122));
describe('local mode killed while publishers publish', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged record exactly once across ${KILLS} SIGKILLs and restarts on the same data directory`, async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const acknowledged: number[] = [];
    let unacknowledgedPublishes = 0;
    let nextPassengerId = 1;
    let client: SNSClient | undefined;
    let publishing = true;
    const publisher = async () => {
      while (publishing) {
        const current = client;
        if (!current) {
          await sleep(10);
          continue;
        }
        const ids = Array.from({ length: 1 + Math.floor(random() * 3) }, () => nextPassengerId++);
        const records = ids.map((id) => ({ passenger_id: id, flight_id: 9, name: `Crash ${id}`, boarded_at: `${DAY}T09:00:00.000Z` }));
        try {
          await current.send(new PublishCommand({ TopicArn: topicArn('passengers'), Message: JSON.stringify(records) }));
          acknowledged.push(...ids);
        } catch {
          unacknowledgedPublishes++;
          await sleep(5);
        }
      }
    };
    const publishers = Array.from({ length: PUBLISHERS }, publisher);
    const kills: (NodeJS.Signals | null)[] = [];

    // Act
    for (let kill = 0; kill < KILLS; kill++) {
      const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '50', LAKELINE_BATCH_SIZE: '20' });
      client = snsClient(child.snsUrl);
      await sleep(300 + Math.floor(random() * 1200));
      child.child.kill('SIGKILL');
      kills.push((await exitOf(child.child)).signal);
      client.destroy();
      client = undefined;
    }
    publishing = false;
    await Promise.all(publishers);
    const restarted = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50 });
    await restarted.flush();
    const { rows } = await queryAllRows(restarted.apiUrl, 'passengers', { from: DAY, to: DAY, limit: '1000', columns: 'passenger_id' });
    await restarted.stop();

    // Assert
    const times = new Map<number, number>();
    for (const row of rows) times.set(Number(row.passenger_id), (times.get(Number(row.passenger_id)) ?? 0) + 1);
    expect(kills).toEqual(Array(KILLS).fill('SIGKILL'));
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(acknowledged.filter((id) => times.get(id) !== 1)).toEqual([]);
    expect([...times].filter(([, count]) => count > 1)).toEqual([]);
    console.info(
      `kill-restart: ${acknowledged.length} acknowledged records, ${rows.length} queryable, ${unacknowledgedPublishes} publishes failed during kills`,
    );
  }, 180_000);
});
