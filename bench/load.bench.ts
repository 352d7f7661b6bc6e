/**
 * Load test of the local mode (in this process): concurrent SNS publishers (AWS SDK) and API clients for a fixed
 * time. Prints the sustained publish rate, the publish-to-queryable lag (a marker record published every 250 ms and
 * polled for through the API), the API's latency and errors under load, and the records lost (must be 0).
 *
 * Usage: npm run bench:load [-- --seconds 30 --publishers 4 --clients 2 --records-per-message 10]
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { startLocalMode } from '../local/local-mode';
import { readLakeCopies } from './lake-copies';
import { formatTail, numberFlag, percentile, type TailFigure, tailFigure } from './statistics';

export interface LoadBenchOptions {
  readonly seconds?: number;
  readonly publishers?: number;
  readonly apiClients?: number;
  readonly recordsPerMessage?: number;
  readonly log?: (line: string) => void;
}

export interface LoadBenchResult {
  readonly seconds: number;
  readonly publishers: number;
  readonly apiClients: number;
  readonly recordsPerMessage: number;
  readonly acknowledgedRecords: number;
  readonly acknowledgedMessages: number;
  readonly publishErrors: number;
  /** Acknowledged records per second over the run. */
  readonly publishRecordsPerSecond: number;
  readonly lagSamples: number;
  /** From the publish call to the first API answer that returns the record, milliseconds. */
  readonly lagP50Ms: number;
  /** p99 with enough marker records, else the maximum (labelled). */
  readonly lagTail: TailFigure;
  readonly apiRequests: number;
  readonly apiErrors: number;
  readonly apiP50Ms: number;
  readonly apiTail: TailFigure;
  /** Acknowledged records the API does not return after the run (must be 0). */
  readonly recordsLost: number;
  /** Records the API returns more than once (must be 0). */
  readonly recordsDuplicated: number;
  /** Extra stored copies of a record, counted in the lake's raw objects, which the API would hide. */
  readonly lakeExtraCopies: number;
}

const MARKER_BASE = 9_000_000_000;

interface RecordsAnswer {
  readonly status: number;
  readonly rows: readonly Record<string, unknown>[];
  readonly nextToken?: string;
}

async function getRecords(apiUrl: string, parameters: Record<string, string>): Promise<RecordsAnswer> {
  const response = await fetch(`${apiUrl}/v1/datasets/passengers/records?${new URLSearchParams(parameters)}`);
  const body = (await response.json()) as { rows?: Record<string, unknown>[]; nextToken?: string };
  return { status: response.status, rows: body.rows ?? [], ...(body.nextToken ? { nextToken: body.nextToken } : {}) };
}

export async function runLoadBench(options: LoadBenchOptions = {}): Promise<LoadBenchResult> {
  const seconds = options.seconds ?? 30;
  const publishers = options.publishers ?? 4;
  const apiClients = options.apiClients ?? 2;
  const recordsPerMessage = options.recordsPerMessage ?? 10;
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = await mkdtemp(join(tmpdir(), 'lakeline-load-'));
  const mode = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0 });
  const client = new SNSClient({
    endpoint: mode.snsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const topicArn = mode.topicArn('passengers');
  const boardedAt = new Date().toISOString();
  const day = boardedAt.slice(0, 10);
  const record = (id: number) => ({ passenger_id: id, flight_id: 42, name: `Load ${id}`, seat_number: '12C', boarded_at: boardedAt });
  const publish = (ids: readonly number[]) =>
    client.send(
      new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(ids.length === 1 ? record(ids[0] ?? 0) : ids.map(record)) }),
    );

  const acknowledged: number[] = [];
  let acknowledgedMessages = 0;
  let publishErrors = 0;
  let nextId = 1;
  const lags: number[] = [];
  const apiLatencies: number[] = [];
  let apiErrors = 0;
  let running = true;

  try {
    log(
      `load: ${publishers} publishers (${recordsPerMessage} records/message), ${apiClients} API clients, ${seconds} s against ${mode.snsUrl}`,
    );
    const started = performance.now();
    const publisher = async () => {
      while (running) {
        const ids = Array.from({ length: recordsPerMessage }, () => nextId++);
        try {
          await publish(ids);
          acknowledged.push(...ids);
          acknowledgedMessages++;
        } catch {
          publishErrors++;
        }
      }
    };
    const apiClient = async (index: number) => {
      while (running) {
        const parameters: Record<string, string> =
          index % 2 === 0
            ? { from: day, to: day, limit: '100' }
            : { from: day, to: day, flight_id: '42', columns: 'passenger_id,name', limit: '50' };
        const requestStarted = performance.now();
        try {
          const answer = await getRecords(mode.apiUrl, parameters);
          if (answer.status !== 200 && answer.status !== 202) apiErrors++;
        } catch {
          apiErrors++;
        }
        apiLatencies.push(performance.now() - requestStarted);
      }
    };
    // One marker record at a time: publish it, then poll for it; the lag is publish start to first answer with it.
    const lagProbe = async () => {
      let marker = MARKER_BASE;
      while (running) {
        marker++;
        const publishStarted = performance.now();
        try {
          await publish([marker]);
        } catch {
          publishErrors++;
          continue;
        }
        acknowledged.push(marker);
        while (running) {
          const answer = await getRecords(mode.apiUrl, { from: day, to: day, passenger_id: String(marker) }).catch(() => undefined);
          if (answer?.rows.length === 1) {
            lags.push(performance.now() - publishStarted);
            break;
          }
          await sleep(25);
        }
        await sleep(250);
      }
    };
    const workers = [
      ...Array.from({ length: publishers }, publisher),
      ...Array.from({ length: apiClients }, (_, index) => apiClient(index)),
      lagProbe(),
    ];
    await sleep(seconds * 1000);
    running = false;
    await Promise.all(workers);
    const elapsedSeconds = (performance.now() - started) / 1000;
    await mode.flush();

    const seen = new Map<number, number>();
    let nextToken: string | undefined;
    do {
      const answer = await getRecords(mode.apiUrl, {
        from: day,
        to: day,
        limit: '1000',
        columns: 'passenger_id',
        ...(nextToken ? { nextToken } : {}),
      });
      if (answer.status !== 200) throw new Error(`counting query answered HTTP ${answer.status}`);
      for (const row of answer.rows) seen.set(Number(row.passenger_id), (seen.get(Number(row.passenger_id)) ?? 0) + 1);
      nextToken = answer.nextToken;
    } while (nextToken);
    const stored = readLakeCopies(mode.lakeDir, 'passengers');

    return {
      seconds: Math.round(elapsedSeconds * 10) / 10,
      publishers,
      apiClients,
      recordsPerMessage,
      acknowledgedRecords: acknowledged.length,
      acknowledgedMessages,
      publishErrors,
      publishRecordsPerSecond: Math.round(acknowledged.length / elapsedSeconds),
      lagSamples: lags.length,
      lagP50Ms: percentile(lags, 0.5),
      lagTail: tailFigure(lags),
      apiRequests: apiLatencies.length,
      apiErrors,
      apiP50Ms: percentile(apiLatencies, 0.5),
      apiTail: tailFigure(apiLatencies),
      recordsLost: acknowledged.filter((id) => !seen.has(id)).length,
      recordsDuplicated: [...seen.values()].filter((count) => count > 1).length,
      lakeExtraCopies: stored.extraCopies,
    };
  } finally {
    running = false;
    client.destroy();
    await mode.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function printLoadResult(result: LoadBenchResult): void {
  console.log(
    `Load test: ${result.seconds} s, ${result.publishers} publishers x ${result.recordsPerMessage} records/message, ${result.apiClients} API clients`,
  );
  console.log(
    `  sustained publish rate       ${result.publishRecordsPerSecond} records/s (${result.acknowledgedRecords} acknowledged in ${result.acknowledgedMessages} messages, ${result.publishErrors} publish errors)`,
  );
  console.log(
    `  publish-to-queryable lag     p50 ${result.lagP50Ms} ms, ${formatTail(result.lagTail)} (${result.lagSamples} marker records)`,
  );
  console.log(
    `  API latency under load       p50 ${result.apiP50Ms} ms, ${formatTail(result.apiTail)} (${result.apiRequests} requests, ${result.apiErrors} errors)`,
  );
  console.log(
    `  records lost                 ${result.recordsLost} (returned twice ${result.recordsDuplicated}; extra copies stored in the lake ${result.lakeExtraCopies})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLoadBench({
    seconds: numberFlag('--seconds'),
    publishers: numberFlag('--publishers'),
    apiClients: numberFlag('--clients'),
    recordsPerMessage: numberFlag('--records-per-message'),
  });
  printLoadResult(result);
  if (result.recordsLost !== 0 || result.recordsDuplicated !== 0 || result.lakeExtraCopies !== 0 || result.apiErrors !== 0)
    process.exitCode = 1;
}
