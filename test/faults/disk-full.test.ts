/**
 * The data directory fills up while publishers publish. A publish is acknowledged only when its spool line is
 * completely and durably written; one that could not be stored is refused with InternalError (HTTP 500, which the SDKs
 * retry). After `kill -9` and a restart with space freed, every acknowledged MessageId is in raw/ (read back by
 * gunzipping the lake files) or in the dead-letter directory. The local-mode scenarios need root for a small tmpfs; the
 * spool scenario with an injected file system that writes short and then refuses (ENOSPC) runs everywhere.
 */

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { startLocalMode } from '../../local/local-mode';
import { Batcher, type DeliverBatch } from '../../local/spool/batcher';
import { deadLetterDirectory } from '../../local/spool/dead-letters';
import { LocalQueue } from '../../local/spool/local-queue';
import { Spool } from '../../local/spool/spool';
import type { SpooledMessage } from '../../local/spool/spooled-message';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from '../e2e/support/child-local-mode';
import { snsClient } from '../e2e/support/local-mode-fixture';
import { LimitedDisk } from '../support/limited-disk';
import { seededRandom } from './support/flaky-object-store';
import { PublishLedger } from './support/publish-ledger';
import { lostIds, storedMessageIds } from './support/stored-message-ids';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from './support/tmpfs';

const DAY = '2025-07-07';
const ARN = topicArn('passengers');
const random = seededRandom(Number(process.env.FAULT_SEED ?? 20261122));
let nextPassengerId = 1;
/** A JSON array of valid passengers, about `bytes` long. */
function passengersMessage(bytes: number): string {
  const records: unknown[] = [];
  let size = 2;
  while (size < bytes) {
    const id = nextPassengerId++;
    const record = { passenger_id: id, flight_id: 7, name: `Full disk ${id}`, seat_number: '7G', boarded_at: `${DAY}T07:07:07.000Z` };
    records.push(record);
    size += JSON.stringify(record).length + 1;
  }
  return JSON.stringify(records);
}

const spooledMessage = (bytes: number): SpooledMessage => ({
  messageId: randomUUID(),
  topicArn: ARN,
  message: passengersMessage(bytes),
  timestamp: new Date().toISOString(),
});

describe.runIf(canMountTmpfs)('disk full under the spool (tmpfs)', () => {
  const disks: SmallDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.unmount();
  });

  it('recovers every append it acknowledged after a line was cut short by a full disk', async () => {
    // Prepare
    const disk = await mountSmallDisk(20);
    disks.push(disk);
    const spoolDir = join(disk.dir, 'spool');
    const spool = await Spool.open(spoolDir);
    const first = spooledMessage(200);
    await spool.append([first]);
    const acknowledged = [first.messageId];
    await disk.fill(8 * 1024);

    // Act
    const big = spooledMessage(10_600);
    const bigAnswer = await spool.append([big]).then(
      () => 'acknowledged',
      (error: NodeJS.ErrnoException) => error.code,
    );
    if (bigAnswer === 'acknowledged') acknowledged.push(big.messageId);
    await disk.release();
    const after = spooledMessage(200);
    await spool.append([after]);
    acknowledged.push(after.messageId);
    // The process dies here (nothing closed); the restart reads what is on disk.
    const reopened = await Spool.open(spoolDir, { log: () => {} });
    const recovered = new Set(reopened.pending.map((entry) => entry.message.messageId));
    await reopened.close();
    await spool.close();

    // Assert
    expect(bigAnswer).toBe('ENOSPC');
    expect(acknowledged.filter((id) => !recovered.has(id))).toEqual([]);
  });
});

describe.runIf(canMountTmpfs)('local mode on a full disk, killed with SIGKILL (tmpfs)', () => {
  const disks: SmallDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.unmount();
  });

  it('refuses with InternalError a publish whose spool line did not fit, and loses no acknowledged publish after kill -9', async () => {
    // Prepare
    const disk = await mountSmallDisk(20);
    disks.push(disk);
    const dataDir = join(disk.dir, 'data');
    const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '60000', LAKELINE_BATCH_SIZE: '10000' });
    const client = snsClient(child.snsUrl);
    const ledger = new PublishLedger();
    await ledger.publish(client, ARN, passengersMessage(300));
    await disk.fill(8 * 1024);

    // Act
    const big = await ledger.publish(client, ARN, passengersMessage(10_600));
    await disk.release();
    const small = await ledger.publish(client, ARN, passengersMessage(300));
    client.destroy();
    child.child.kill('SIGKILL');
    await exitOf(child.child);
    const restarted = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50 });
    await restarted.flush();
    await restarted.stop();
    const stored = await storedMessageIds(dataDir, 'passengers');

    // Assert
    expect(big).toEqual({ refused: '500 InternalErrorException' });
    expect(small).toHaveProperty('messageId');
    expect(lostIds(ledger.acknowledged, stored)).toEqual([]);
  });

  it('loses no acknowledged publish when killed while the disk is full, and a start on the full disk says so in one sentence', async () => {
    // Prepare
    const disk = await mountSmallDisk(20);
    disks.push(disk);
    const dataDir = join(disk.dir, 'data');
    const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '50', LAKELINE_BATCH_SIZE: '20' });
    const client = snsClient(child.snsUrl);
    const ledger = new PublishLedger();
    let publishing = true;
    const publisher = async () => {
      while (publishing) {
        const bytes = random() < 0.1 ? 10_600 : 150 + Math.floor(random() * 600);
        await ledger.publish(client, ARN, passengersMessage(bytes));
      }
    };
    const publishers = Array.from({ length: 4 }, publisher);

    // Act
    await sleep(1000);
    // The publishers themselves use up the last 256 KiB (spool lines, lake objects), then keep publishing on a full disk.
    await disk.fill(256 * 1024);
    await sleep(2500);
    child.child.kill('SIGKILL');
    await exitOf(child.child);
    publishing = false;
    await Promise.all(publishers);
    client.destroy();
    const startOnFullDisk = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir }).then(
      async (started) => {
        started.child.kill('SIGKILL');
        return 'started';
      },
      (error: Error) => error.message,
    );
    await disk.release();
    const restarted = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50 });
    await restarted.flush();
    await restarted.stop();
    const stored = await storedMessageIds(dataDir, 'passengers');
    const lost = lostIds(ledger.acknowledged, stored);
    console.info(
      `disk-full: ${ledger.acknowledged.length} publishes acknowledged, ${ledger.refusedCount} refused (${[...ledger.refused]
        .map(([reason, count]) => `${count} ${reason}`)
        .join(', ')}), ${lost.length} acknowledged lost`,
    );

    // Assert
    expect(ledger.acknowledged.length).toBeGreaterThan(100);
    expect(ledger.refusedCount).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(startOnFullDisk).toContain('exited with 1');
    expect(startOnFullDisk).toContain(`lakeline: Cannot start: the data directory ${dataDir} has no free space left (ENOSPC)`);
    expect(startOnFullDisk).not.toMatch(/^\s+at /m);
  }, 120_000);
});

describe('disk full under the spool (injected file system that writes short, then refuses)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const batcherFor = (spool: Spool, dataDir: string, deliver: DeliverBatch, maxReceiveCount: number) => {
    const queue = new LocalQueue({
      spool,
      deadLetters: deadLetterDirectory(join(dataDir, 'dead-letter'), 'passengers'),
      maxReceiveCount,
      visibilityTimeoutMs: 20,
    });
    return { queue, batcher: new Batcher({ dataset: 'passengers', queue, deliver, batchSize: 20, windowMs: 5 }) };
  };

  it('stores or dead-letters every acknowledged append after the disk filled, was freed, and the process died', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'lakeline-limited-disk-'));
    dirs.push(dataDir);
    const spoolDir = join(dataDir, 'spool', 'passengers');
    const store = new FilesystemObjectStore(join(dataDir, 'lake'));
    const ingest = createIngestHandler({ store, dataset: passengers, logger: new Logger({ logLevel: 'SILENT' }) });
    const disk = new LimitedDisk(64 * 1024 * 1024);
    const spool = await Spool.open(spoolDir, { files: disk, log: () => {} });
    // Before the crash every delivery fails (as if the lake were full too), so batch manifests and journal lines are
    // written on the full disk, and nothing reaches the lake from memory: what is stored after the restart is what the
    // spool kept.
    const { queue, batcher } = batcherFor(
      spool,
      dataDir,
      async (event) => ({ batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) }),
      1000,
    );
    batcher.start();
    const acknowledged: string[] = [];
    let refused = 0;
    let attempts = 0;
    // Every 25 appends tried the disk alternates between a few KiB free (filled up by what comes next) and plenty.
    const freeFor = (attempt: number) => (attempt % 50 === 0 ? 64 * 1024 * 1024 : Math.floor(random() * 12 * 1024));
    const publisher = async (appends: number) => {
      for (let index = 0; index < appends; index++) {
        if (attempts % 25 === 0) disk.setFree(freeFor(attempts));
        attempts++;
        const message = spooledMessage(random() < 0.1 ? 10_600 : 150 + Math.floor(random() * 600));
        try {
          await queue.send([message]);
          acknowledged.push(message.messageId);
        } catch {
          refused++;
        }
        await sleep(1);
      }
    };

    // Act
    await Promise.all(Array.from({ length: 4 }, () => publisher(150)));
    // The process dies: nothing written after this instant reaches the disk, nothing is closed.
    disk.setFree(0);
    await batcher.stop();
    const restarted = await Spool.open(spoolDir, { log: () => {} });
    const { batcher: redelivery } = batcherFor(restarted, dataDir, ingest, 5);
    redelivery.start();
    await redelivery.stop();
    await restarted.close();
    const stored = await storedMessageIds(dataDir, 'passengers');
    const lost = lostIds(acknowledged, stored);
    console.info(
      `disk-full (injected): ${acknowledged.length} appends acknowledged, ${refused} refused, ${disk.shortWrites} short writes, ${lost.length} acknowledged lost`,
    );

    // Assert
    expect(disk.shortWrites).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(lost).toEqual([]);
  }, 60_000);
});
