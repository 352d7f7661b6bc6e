/**
 * Crash test of the local compaction: over a lake big enough that compacting its days takes a while, the local mode
 * (its own Node process) is asked to compact through its control endpoint and killed with SIGKILL at a random moment of
 * the run, while publishers keep publishing records of those days; then it is restarted on the same data directory,
 * several times. After each restart, once the spool is flushed and a compaction ran, every acknowledged record is
 * answered exactly once through the HTTP API, and the lake agrees when read apart from the local mode: each record is in
 * raw/ (gunzipped here), and exactly once in the manifest's current run of its day (read by a DuckDB database of its
 * own). At least one kill must land inside a day's run: a run folder the manifest never switched to.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { type LocalMode, startLocalMode } from '../../local/local-mode';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from '../e2e/support/child-local-mode';
import { queryAllRows, snsClient, temporaryDataDir } from '../e2e/support/local-mode-fixture';
import { snsEnvelope, sqsEventOf } from '../fixtures/sqs-events';
import { curatedRecordCopies, manifestRuns } from '../support/curated-record-copies';
import { seededRandom } from './support/flaky-object-store';
import { rawRecordCopies } from './support/raw-record-copies';

const KILLS = 5;
const DAYS = ['2025-06-10', '2025-06-11', '2025-06-12', '2025-06-13', '2025-06-14'];
const RECORDS_PER_DAY = 8000;
const RECORDS_PER_MESSAGE = 100;
const random = seededRandom(Number(process.env.FAULT_SEED ?? 20261122));

function boarding(id: number, day: string) {
  return { passenger_id: id, flight_id: id % 40, name: `Passenger ${id}`, seat_number: `${id % 30}A`, boarded_at: `${day}T09:00:00.000Z` };
}

/** Writes the bulk of the lake through the real ingest handler, as the local mode would; answers the record keys stored. */
async function preloadLake(lakeDir: string): Promise<string[]> {
  const ingest = createIngestHandler({
    store: new FilesystemObjectStore(lakeDir),
    dataset: passengers,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  const keys: string[] = [];
  let id = 1_000_000;
  for (const day of DAYS) {
    for (let first = 0; first < RECORDS_PER_DAY; first += RECORDS_PER_MESSAGE * 10) {
      const bodies = Array.from({ length: 10 }, (_, message) => {
        const messageId = `preload-${day}-${first}-${message}`;
        const records = Array.from({ length: RECORDS_PER_MESSAGE }, (_, index) => {
          keys.push(`${messageId}/${index}`);
          return boarding(id++, day);
        });
        return snsEnvelope(records, { messageId, timestamp: new Date() });
      });
      const response = await ingest(sqsEventOf(bodies));
      if (response.batchItemFailures.length > 0) throw new Error('the preload could not write the lake');
    }
  }
  return keys;
}

/** `<day>/<run id>` of every run folder under `curated/passengers/`, finished or not. */
async function runFolders(lakeDir: string): Promise<Set<string>> {
  const root = join(lakeDir, 'curated', 'passengers');
  const runs = new Set<string>();
  for (const dayFolder of await readdir(root).catch(() => [] as string[])) {
    if (!dayFolder.startsWith('dt=')) continue;
    for (const name of await readdir(join(root, dayFolder)).catch(() => [] as string[]))
      if (name.startsWith('run=')) runs.add(`${dayFolder.slice(3)}/${name.slice(4)}`);
  }
  return runs;
}

interface Check {
  readonly answeredTwice: string[];
  readonly notAnsweredOnce: string[];
  readonly notInRaw: string[];
  readonly notCuratedOnce: string[];
  readonly curatedTwice: string[];
  readonly uncompactedDays: string[];
}

/**
 * Restarts the local mode in this process, lets it ingest what it had spooled and compact, then reads it back; before it
 * stops, makes every day due again (adding the records it publishes to `acknowledged`).
 */
async function restartAndCheck(dataDir: string, acknowledged: string[]): Promise<{ check: Check; compactionMs: number }> {
  const mode = await startLocalMode({
    dataDir,
    snsPort: 0,
    apiPort: 0,
    batchWindowMs: 50,
    compactionIntervalSeconds: 0,
    compactionLagHours: 0,
  });
  try {
    await mode.flush();
    const started = performance.now();
    await mode.compact('passengers');
    const compactionMs = performance.now() - started;
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', {
      from: DAYS[0] as string,
      to: DAYS.at(-1) as string,
      limit: '1000',
      columns: 'lakeline_message_id,lakeline_record_index',
    });
    const answered = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.lakeline_message_id}/${row.lakeline_record_index}`;
      answered.set(key, (answered.get(key) ?? 0) + 1);
    }
    const raw = await rawRecordCopies(mode.lakeDir);
    const curated = await curatedRecordCopies(mode.lakeDir, 'passengers');
    const compactedDays = await manifestRuns(mode.lakeDir, 'passengers');
    const check: Check = {
      answeredTwice: [...answered].filter(([, count]) => count > 1).map(([key]) => key),
      notAnsweredOnce: acknowledged.filter((key) => answered.get(key) !== 1),
      notInRaw: acknowledged.filter((key) => !raw.has(key)),
      notCuratedOnce: acknowledged.filter((key) => curated.copies.get(key) !== 1),
      curatedTwice: [...curated.copies].filter(([, count]) => count > 1).map(([key]) => key),
      uncompactedDays: DAYS.filter((day) => !compactedDays.has(day)),
    };
    await makeEveryDayDue(mode, acknowledged);
    return { check, compactionMs };
  } finally {
    await mode.stop();
  }
}

/** Publishes one record of each day and lets the ingest store it: each day gets a compaction request, so the next run compacts it again. */
async function makeEveryDayDue(mode: LocalMode, acknowledged: string[]): Promise<void> {
  const client = snsClient(mode.snsUrl);
  try {
    for (const day of DAYS) {
      const answer = await client.send(
        new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(boarding(7, day)) }),
      );
      acknowledged.push(`${answer.MessageId}/0`);
    }
  } finally {
    client.destroy();
  }
  await mode.flush();
}

function expectAnsweredOnce(check: Check, after: string): void {
  expect(check.uncompactedDays, `days not compacted ${after}`).toEqual([]);
  expect(check.notAnsweredOnce, `acknowledged records not answered exactly once ${after}`).toEqual([]);
  expect(check.answeredTwice, `records answered twice ${after}`).toEqual([]);
  expect(check.notInRaw, `acknowledged records in no raw object ${after}`).toEqual([]);
  expect(check.notCuratedOnce, `acknowledged records not exactly once in the current runs ${after}`).toEqual([]);
  expect(check.curatedTwice, `records twice in the current runs ${after}`).toEqual([]);
}

describe('local mode killed while it compacts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`answers every acknowledged record exactly once after ${KILLS} SIGKILLs during compaction runs and restarts`, async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const lakeDir = join(dataDir, 'lake');
    const acknowledged = await preloadLake(lakeDir);
    const first = await restartAndCheck(dataDir, acknowledged);
    expectAnsweredOnce(first.check, 'after the first compaction');
    let client: SNSClient | undefined;
    let publishing = true;
    let nextId = 1;
    const publisher = async () => {
      while (publishing) {
        const current = client;
        if (!current) {
          await sleep(10);
          continue;
        }
        const day = DAYS[Math.floor(random() * DAYS.length)] as string;
        try {
          const answer = await current.send(
            new PublishCommand({ TopicArn: topicArn('passengers'), Message: JSON.stringify(boarding(nextId++, day)) }),
          );
          acknowledged.push(`${answer.MessageId}/0`);
        } catch {
          await sleep(5);
        }
      }
    };
    const publishers = [publisher(), publisher()];
    const killsInRun: string[][] = [];
    const killDelays: number[] = [];

    // Act
    for (let kill = 0; kill < KILLS; kill++) {
      const runsBefore = await runFolders(lakeDir);
      const child = await spawnLocalMode({
        LAKELINE_DATA_DIR: dataDir,
        LAKELINE_BATCH_WINDOW_MS: '50',
        LAKELINE_COMPACTION_INTERVAL_SECONDS: '0',
        LAKELINE_COMPACTION_LAG_HOURS: '0',
      });
      client = snsClient(child.snsUrl);
      void fetch(`${child.apiUrl}/local/compactions?dataset=passengers`, { method: 'POST' }).catch(() => undefined);
      // Anywhere in the run but its very start, when the request may not have reached the child yet.
      const delay = Math.floor((0.1 + 0.9 * random()) * first.compactionMs);
      killDelays.push(delay);
      await sleep(delay);
      child.child.kill('SIGKILL');
      await exitOf(child.child);
      client.destroy();
      client = undefined;
      // A run this child started that the manifest does not name: the kill cut it before its switch.
      const current = new Set([...(await manifestRuns(lakeDir, 'passengers'))].map(([day, runId]) => `${day}/${runId}`));
      killsInRun.push([...(await runFolders(lakeDir))].filter((run) => !runsBefore.has(run) && !current.has(run)));
      const { check } = await restartAndCheck(dataDir, acknowledged);
      expectAnsweredOnce(check, `after kill ${kill + 1} (${delay} ms into the run)`);
    }
    publishing = false;
    await Promise.all(publishers);

    // Assert
    const landedInRun = killsInRun.filter((unswitched) => unswitched.length > 0).length;
    expect(landedInRun, `kills that left a run folder the manifest never switched to: ${JSON.stringify(killsInRun)}`).toBeGreaterThan(0);
    console.info(
      `kill-during-compaction: ${acknowledged.length} acknowledged records over ${DAYS.length} days, a full compaction took ` +
        `${Math.round(first.compactionMs)} ms, kills at ${killDelays.join(', ')} ms, ${landedInRun} of ${KILLS} inside a day's run`,
    );
  }, 180_000);
});
