/**
 * Local-mode benchmark: publishes records through the local SNS endpoint with the AWS SDK (concurrent PublishBatch),
 * measures accepted records/s, the time until the last record is queryable, records lost, and the API's latency for
 * a one-day query while the load runs. `npm run bench:local` (options: --records N --concurrency N --records-per-message N).
 */

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SNSClient } from '@aws-sdk/client-sns';
import { passengers } from '../datasets/passengers';
import { fetchRecordsPage } from '../local/cli/query-client';
import { startLocalMode } from '../local/local-mode';
import { packRecords } from '../local/publish/message-packer';
import { publishBatches } from '../local/publish/publisher';
import { sampleRecords } from '../local/sample/sample-records';
import { readLakeCopies } from './lake-copies';
import { formatTail, numberFlag, percentile, type TailFigure, tailFigure } from './statistics';

export interface LocalBenchOptions {
  readonly records?: number;
  readonly recordsPerMessage?: number;
  readonly concurrency?: number;
  readonly days?: number;
}

export interface LocalBenchResult {
  readonly records: number;
  readonly acceptedRecords: number;
  readonly publishSeconds: number;
  readonly acceptedRecordsPerSecond: number;
  /** From the end of publishing until the last published record is returned by the API. */
  readonly secondsUntilLastQueryable: number;
  /** Accepted by SNS but neither stored (read from the lake's raw objects) nor rejected with a reason. */
  readonly recordsLost: number;
  /** Stored in the lake but not returned by the API. */
  readonly recordsNotReturned: number;
  readonly rejectedRecords: number;
  /** Extra stored copies of a record, counted in the lake's raw objects (the API removes copies, so it cannot see them). */
  readonly duplicateRecords: number;
  /** Rows the API returned more than once. */
  readonly apiDuplicateRows: number;
  readonly apiRequests: number;
  readonly apiP50Ms: number;
  /** p99 with enough requests, else the maximum (labelled). */
  readonly apiTail: TailFigure;
}

const MARKER_ID = 987_654_321_012;

/** Records the ingest rejected (kept with their reasons): accounted for, not lost. */
async function countRejected(lakeDir: string): Promise<number> {
  const root = join(lakeDir, 'rejected', 'passengers');
  const files = (await readdir(root, { recursive: true }).catch(() => [] as string[]))
    .map(String)
    .filter((name) => name.endsWith('.json.gz'));
  let lines = 0;
  for (const file of files)
    lines += gunzipSync(await readFile(join(root, file)))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '').length;
  return lines;
}

/** Whether the run lost, hid or duplicated a record. */
export function localBenchFailed(result: LocalBenchResult): boolean {
  return result.recordsLost !== 0 || result.recordsNotReturned !== 0 || result.duplicateRecords !== 0 || result.apiDuplicateRows !== 0;
}

export async function runLocalBench(options: LocalBenchOptions = {}): Promise<LocalBenchResult> {
  const total = options.records ?? 100_000;
  const days = options.days ?? 7;
  const dataDir = await mkdtemp(join(tmpdir(), 'lakeline-bench-'));
  const mode = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0 });
  const client = new SNSClient({
    endpoint: mode.snsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const today = new Date().toISOString().slice(0, 10);
    const records = sampleRecords(passengers, { records: total - 1, days, seed: 7 });
    // A last record nobody else has, so "queryable" can be checked by a filter.
    records.push(
      JSON.stringify({
        passenger_id: MARKER_ID,
        flight_id: 1,
        name: 'Last Record',
        seat_number: '1A',
        boarded_at: new Date().toISOString(),
      }),
    );
    const { batches } = packRecords(records, { recordsPerMessage: options.recordsPerMessage ?? 100 });

    // A one-day query loop runs while the publishers push.
    const latencies: number[] = [];
    let loadRunning = true;
    const queryLoad = (async () => {
      while (loadRunning) {
        const started = performance.now();
        await fetchRecordsPage({ apiUrl: mode.apiUrl }, 'passengers', new URLSearchParams({ from: today, to: today, limit: '100' }));
        latencies.push(performance.now() - started);
        await sleep(20);
      }
    })();

    const summary = await publishBatches(client, batches, { topicArn: mode.topicArn('passengers'), concurrency: options.concurrency ?? 8 });
    const published = performance.now();
    let queryable = false;
    while (!queryable) {
      const page = await fetchRecordsPage(
        { apiUrl: mode.apiUrl },
        'passengers',
        new URLSearchParams({ from: today, to: today, passenger_id: String(MARKER_ID) }),
      );
      queryable = page.rows.length === 1;
      if (!queryable) await sleep(50);
    }
    const secondsUntilLastQueryable = (performance.now() - published) / 1000;
    loadRunning = false;
    await queryLoad;
    await mode.flush();

    // Every record the API returns, identified by its lineage (message id, index in message).
    const first = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const seen = new Set<string>();
    let rows = 0;
    let nextToken: string | undefined;
    do {
      const parameters = new URLSearchParams({
        from: first,
        to: today,
        limit: '1000',
        columns: 'lakeline_message_id,lakeline_record_index',
      });
      if (nextToken) parameters.set('nextToken', nextToken);
      const page = await fetchRecordsPage({ apiUrl: mode.apiUrl }, 'passengers', parameters);
      for (const row of page.rows) seen.add(`${row.lakeline_message_id}/${row.lakeline_record_index}`);
      rows += page.rows.length;
      nextToken = page.nextToken;
    } while (nextToken);

    const rejectedRecords = await countRejected(mode.lakeDir);
    const stored = readLakeCopies(mode.lakeDir, passengers.name);
    const publishSeconds = summary.elapsedMs / 1000;
    return {
      records: records.length,
      acceptedRecords: summary.accepted,
      publishSeconds,
      acceptedRecordsPerSecond: Math.round(summary.accepted / publishSeconds),
      secondsUntilLastQueryable: Math.round(secondsUntilLastQueryable * 100) / 100,
      recordsLost: summary.accepted - stored.records - rejectedRecords,
      recordsNotReturned: stored.records - seen.size,
      rejectedRecords,
      duplicateRecords: stored.extraCopies,
      apiDuplicateRows: rows - seen.size,
      apiRequests: latencies.length,
      apiP50Ms: percentile(latencies, 0.5),
      apiTail: tailFigure(latencies),
    };
  } finally {
    client.destroy();
    await mode.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLocalBench({
    records: numberFlag('--records'),
    concurrency: numberFlag('--concurrency'),
    recordsPerMessage: numberFlag('--records-per-message'),
  });
  console.log(`Local mode: ${result.records} records published through the SNS endpoint (SDK PublishBatch)`);
  console.log(
    `  accepted records/s               ${result.acceptedRecordsPerSecond} (${result.acceptedRecords} in ${result.publishSeconds.toFixed(2)} s)`,
  );
  console.log(`  seconds until last record queryable ${result.secondsUntilLastQueryable}`);
  console.log(
    `  records lost                     ${result.recordsLost} (not returned by the API ${result.recordsNotReturned}, rejected by validation ${result.rejectedRecords})`,
  );
  console.log(
    `  stored copies beyond the first   ${result.duplicateRecords} (read from the lake); rows the API returned twice ${result.apiDuplicateRows}`,
  );
  console.log(
    `  API one-day query under load     p50 ${result.apiP50Ms} ms, ${formatTail(result.apiTail)} (${result.apiRequests} requests)`,
  );
  if (localBenchFailed(result)) process.exitCode = 1;
}
