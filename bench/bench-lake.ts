/**
 * The benchmarks' lake: `passengers` records published as a live stream (boarding-time order, one record per SNS
 * message), delivered in SQS batches and turned into lake objects by the ingest core's batch planner, the function the
 * ingest handler runs, then written to a lake directory under the keys it planned. A share of the messages is
 * delivered a second time in the next batch, as SQS's at-least-once delivery does, so the lake holds copies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { passengers } from '../datasets/passengers';
import { createBatchPlanner } from '../lambdas/core/ingest-batch';
import { snsNotificationBody } from '../lambdas/core/sns-envelope';
import { INGEST_DEFAULTS } from '../lib/constructs/dataset-pipeline';

export const BENCH_FIRST_DAY = Date.UTC(2025, 0, 1);
export const DAY_MS = 86_400_000;
/** Distinct flights: a flight_id filter matches one record in this many. */
export const BENCH_FLIGHTS = 500;

export interface BenchLakeOptions {
  readonly rows: number;
  readonly days: number;
  /** Messages per SQS batch. @default INGEST_DEFAULTS.batchSize */
  readonly batchSize?: number;
  /** Share of the messages delivered twice. @default 0 */
  readonly duplicateShare?: number;
}

export interface BenchLake {
  readonly rows: number;
  readonly days: number;
  readonly batches: number;
  /** Raw objects written. */
  readonly objects: number;
  /** Their gzip bytes. */
  readonly bytes: number;
  /** Messages delivered a second time (each stores its record again). */
  readonly redeliveredMessages: number;
}

/** `YYYY-MM-DD` of the bench lake's day `index` (0-based). */
export function benchDay(index: number): string {
  return new Date(BENCH_FIRST_DAY + index * DAY_MS).toISOString().slice(0, 10);
}

/** A deterministic pseudo-random generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A version-4-shaped message id from `random`, as SNS assigns them. */
export function randomMessageId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The SQS record SNS delivers for one publish to a subscribed queue (raw delivery off). */
export function snsSqsRecord(messageId: string, message: string, publishedAt: Date): SQSRecord {
  return {
    messageId: `sqs-${messageId}`,
    receiptHandle: 'handle',
    body: snsNotificationBody({
      messageId,
      topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
      message,
      timestamp: publishedAt,
    }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(publishedAt.getTime()),
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: String(publishedAt.getTime()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lakeline-passengers',
    awsRegion: 'us-east-1',
  };
}

/** The record with id `id` of a lake of `rows` over `days`, and when it was published (boarding-time order). */
function benchRecord(id: number, rows: number, days: number): { message: string; publishedAt: Date } {
  const boardedAt = new Date(BENCH_FIRST_DAY + Math.floor((id / rows) * days * DAY_MS));
  const message = JSON.stringify({
    passenger_id: id + 1,
    flight_id: (id % BENCH_FLIGHTS) + 1,
    name: `Passenger ${id + 1}`,
    seat_number: id % 10 === 0 ? null : `${(id % 40) + 1}${'ABCDEF'[id % 6]}`,
    boarded_at: boardedAt.toISOString(),
  });
  return { message, publishedAt: new Date(boardedAt.getTime() + 1000) };
}

/** Builds the lake under `lakeDir` and answers what it wrote. */
export async function buildBenchLake(lakeDir: string, options: BenchLakeOptions): Promise<BenchLake> {
  const batchSize = options.batchSize ?? INGEST_DEFAULTS.batchSize;
  const duplicateEvery = options.duplicateShare ? Math.round(1 / options.duplicateShare) : 0;
  const plan = createBatchPlanner(passengers);
  const random = seededRandom(7);
  const madeDirectories = new Set<string>();
  let objects = 0;
  let bytes = 0;
  let batches = 0;
  let redeliveredMessages = 0;
  let redeliver: SQSRecord[] = [];
  for (let start = 0; start < options.rows || redeliver.length > 0; start += batchSize) {
    const batch: SQSRecord[] = redeliver;
    redeliver = [];
    let lastPublishedAt = new Date(BENCH_FIRST_DAY + options.days * DAY_MS);
    for (let id = start; id < Math.min(start + batchSize, options.rows); id++) {
      const { message, publishedAt } = benchRecord(id, options.rows, options.days);
      const record = snsSqsRecord(randomMessageId(random), message, publishedAt);
      batch.push(record);
      lastPublishedAt = publishedAt;
      if (duplicateEvery > 0 && id % duplicateEvery === duplicateEvery - 1) redeliver.push(record);
    }
    redeliveredMessages += redeliver.length;
    batches++;
    for (const object of plan(batch, new Date(lastPublishedAt.getTime() + 5000)).objects) {
      const path = join(lakeDir, object.key);
      if (!madeDirectories.has(dirname(path))) {
        await mkdir(dirname(path), { recursive: true });
        madeDirectories.add(dirname(path));
      }
      await writeFile(path, object.body);
      if (object.kind === 'raw') {
        objects++;
        bytes += object.body.byteLength;
      }
    }
  }
  return { rows: options.rows, days: options.days, batches, objects, bytes, redeliveredMessages };
}
