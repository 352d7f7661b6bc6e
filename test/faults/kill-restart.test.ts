/**
 * Crash test of the local mode: publishers keep publishing through the AWS SDK while the local mode (its own Node
 * process) is killed with SIGKILL at random moments and restarted on the same data directory, five times, at least one
 * kill landing while publishes are in flight. After the last restart every acknowledged record is in the lake's raw
 * zone (read file by file, apart from the query engine; copies are allowed, delivery being at least once) and is
 * queryable through the HTTP API exactly once, and no record twice.
 */

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalMode } from '../../local/local-mode';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from '../e2e/support/child-local-mode';
import { queryAllRows, snsClient, temporaryDataDir } from '../e2e/support/local-mode-fixture';
import { seededRandom } from './support/flaky-object-store';
import { PublishLedger } from './support/publish-ledger';
import { rawRecordCopies } from './support/raw-record-copies';

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
    const ledger = new PublishLedger();
    /** `<MessageId>/<record index>` of every acknowledged record. */
    const acknowledgedRecords: string[] = [];
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
        const outcome = await ledger.publish(current, topicArn('passengers'), JSON.stringify(records));
        if ('messageId' in outcome) {
          acknowledged.push(...ids);
          acknowledgedRecords.push(...ids.map((_, index) => `${outcome.messageId}/${index}`));
        } else await sleep(5);
      }
    };
    const publishers = Array.from({ length: PUBLISHERS }, publisher);
    const kills: (NodeJS.Signals | null)[] = [];

    // Act
    for (let kill = 0; kill < KILLS; kill++) {
      const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '50', LAKELINE_BATCH_SIZE: '20' });
      client = snsClient(child.snsUrl);
      await sleep(300 + Math.floor(random() * 1200));
      ledger.noteInterruption();
      child.child.kill('SIGKILL');
      kills.push((await exitOf(child.child)).signal);
      client.destroy();
      client = undefined;
    }
    publishing = false;
    await Promise.all(publishers);
    const restarted = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50 });
    await restarted.flush();
    const { rows } = await queryAllRows(restarted.apiUrl, 'passengers', {
      from: DAY,
      to: DAY,
      limit: '1000',
      columns: 'passenger_id,lakeline_message_id,lakeline_record_index',
    });
    await restarted.stop();
    const lakeCopies = await rawRecordCopies(join(dataDir, 'lake'));

    // Assert
    const times = new Map<number, number>();
    for (const row of rows) times.set(Number(row.passenger_id), (times.get(Number(row.passenger_id)) ?? 0) + 1);
    expect(kills).toEqual(Array(KILLS).fill('SIGKILL'));
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(acknowledged.filter((id) => times.get(id) !== 1)).toEqual([]);
    expect([...times].filter(([, count]) => count > 1)).toEqual([]);
    const killsInFlight = ledger.interruptions.filter((kill) => kill.inFlightSince.length > 0);
    expect(killsInFlight.length, 'kills that landed while publishes were sent and not yet answered').toBeGreaterThan(0);
    const missingFromLake = acknowledgedRecords.filter((key) => !lakeCopies.has(key));
    expect(missingFromLake, 'acknowledged records found in no object of raw/').toEqual([]);
    const answered = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.lakeline_message_id}/${row.lakeline_record_index}`;
      answered.set(key, (answered.get(key) ?? 0) + 1);
    }
    expect(acknowledgedRecords.filter((key) => answered.get(key) !== 1)).toEqual([]);
    expect([...answered].filter(([, count]) => count > 1)).toEqual([]);
    const copies = [...lakeCopies.values()].reduce((sum, count) => sum + count - 1, 0);
    const caught = killsInFlight.map((kill) => kill.inFlightSince.length);
    console.info(
      `kill-restart: ${acknowledgedRecords.length} acknowledged records in ${ledger.acknowledged.length} publishes, ` +
        `${lakeCopies.size} distinct records in raw/ with ${copies} extra copies, ${rows.length} queryable, ` +
        `${ledger.refusedCount} publishes failed during kills, ${killsInFlight.length} of ${KILLS} kills caught publishes in flight (${caught.join(', ')})`,
    );
  }, 180_000);
});
