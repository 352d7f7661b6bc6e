/**
 * End to end through the compacted zone: the local mode runs as its own process, a real SNS client publishes a record
 * of a day that has ended, the real `lakeline compact` CLI compacts it, and a real HTTP client reads it back: once, the
 * same as before compaction, from the day's Parquet run, still when the day's raw objects are out of the way.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicArn } from '../../local/topics';
import { curatedRecordCopies, manifestRuns } from '../support/curated-record-copies';
import { type ChildLocalMode, exitOf, spawnLocalMode } from './support/child-local-mode';
import { queryAllRows, snsClient, temporaryDataDir, utcDay } from './support/local-mode-fixture';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Ended two days ago: closed under the default lag of a few hours, and over when the record is stored, so the ingest
 * leaves a compaction request that the compaction answers.
 */
const DAY = utcDay(-2);

describe('the compacted zone end to end', () => {
  let dataDir: string;
  let local: ChildLocalMode;

  beforeAll(async () => {
    dataDir = await temporaryDataDir();
    local = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '50', LAKELINE_COMPACTION_INTERVAL_SECONDS: '0' });
  }, 90_000);

  afterAll(async () => {
    local?.interrupt();
    if (local) await exitOf(local.child);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a record of a closed day once after `lakeline compact`, as before, from the Parquet run of its day', async () => {
    // Prepare
    const lakeDir = join(dataDir, 'lake');
    const record = { passenger_id: 424242, flight_id: 77, name: 'Compacted Once', seat_number: '9C', boarded_at: `${DAY}T11:22:33.444Z` };
    const client = snsClient(local.snsUrl);
    const published = await client.send(new PublishCommand({ TopicArn: topicArn('passengers'), Message: JSON.stringify(record) }));
    client.destroy();
    const request = {
      from: DAY,
      to: DAY,
      columns: 'passenger_id,flight_id,name,seat_number,boarded_at,lakeline_message_id,lakeline_record_index,lakeline_ingested_at',
    };
    let before = await queryAllRows(local.apiUrl, 'passengers', request);
    for (let attempt = 0; before.rows.length === 0 && attempt < 100; attempt++) {
      await sleep(100);
      before = await queryAllRows(local.apiUrl, 'passengers', request);
    }

    // Act
    const cli = await run(process.execPath, ['bin/lakeline.js', 'compact', '--dataset', 'passengers', '--api-url', local.apiUrl], {
      cwd: repoRoot,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const after = await queryAllRows(local.apiUrl, 'passengers', request);
    const rawDayDir = join(lakeDir, 'raw', 'passengers', `dt=${DAY}`);
    const aside = await mkdtemp(join(tmpdir(), 'lakeline-raw-aside-'));
    let withoutRaw: Awaited<ReturnType<typeof queryAllRows>>;
    try {
      await mkdir(join(aside, 'raw'), { recursive: true });
      await rename(rawDayDir, join(aside, 'raw', `dt=${DAY}`));
      withoutRaw = await queryAllRows(local.apiUrl, 'passengers', request);
    } finally {
      await rename(join(aside, 'raw', `dt=${DAY}`), rawDayDir).catch(() => undefined);
      await rm(aside, { recursive: true, force: true });
    }

    // Assert
    expect(before.rows).toEqual([
      { ...record, lakeline_message_id: published.MessageId, lakeline_record_index: 0, lakeline_ingested_at: expect.any(String) },
    ]);
    expect(cli.stdout).toMatch(
      new RegExp(`^passengers ${DAY}: 1 row, run \\S+ \\(first run of the day, 1 late-record request answered\\)\\n$`),
    );
    const requestsLeft = await readdir(join(lakeDir, 'compaction-requests', 'passengers'), { recursive: true });
    expect(requestsLeft.map(String).filter((name) => !name.startsWith('dt=') || name.includes('/'))).toEqual([]);
    expect(after.rows).toEqual(before.rows);
    expect(withoutRaw.rows, 'the answer when the raw objects of the day are away: it comes from Parquet').toEqual(before.rows);
    const runs = await manifestRuns(lakeDir, 'passengers');
    const runId = runs.get(DAY);
    expect(runId).toBeDefined();
    const files = await readdir(join(lakeDir, 'curated', 'passengers', `dt=${DAY}`, `run=${runId}`));
    expect(files.filter((name) => name.endsWith('.parquet'))).toHaveLength(1);
    const curated = await curatedRecordCopies(lakeDir, 'passengers');
    expect([...curated.copies]).toEqual([[`${published.MessageId}/0`, 1]]);
  }, 90_000);
});
