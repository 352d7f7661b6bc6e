/**
 * Ingest core throughput: validate, partition, serialise and gzip 100,000 records delivered as SQS
 * batches of SNS envelopes, against a floor measured in the same run on the same envelopes
 * (`JSON.parse` of envelope and message, `JSON.stringify` of the row with its lineage columns, gzip of the batch).
 * Figures, not a test: `npm run bench:ingest`.
 */
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { SQSEvent } from 'aws-lambda';
import { passengers } from '../datasets/passengers';
import type { DatasetDefinition } from '../lambdas/core/dataset';
import { createBatchPlanner } from '../lambdas/core/ingest-batch';
import { formatLakeTimestamp } from '../lambdas/core/lake-value-format';
import { INGEST_DEFAULTS } from '../lib/constructs/dataset-pipeline';
import { seededRandom, snsSqsRecord } from './bench-lake';

export interface IngestBenchOptions {
  readonly records?: number;
  readonly batchSize?: number;
  /** Distinct partition days the records' timestamps fall on. */
  readonly days?: number;
  /** `ordered` (default): records arrive in boarding-time order, as a live stream; `shuffled`: every batch spans all days (a backfill). */
  readonly arrival?: 'ordered' | 'shuffled';
  /** Share of records that are invalid (rejected). */
  readonly invalidShare?: number;
  /** Share of records whose passenger_id is beyond 2^53 (exact big-integer path). */
  readonly bigIntegerShare?: number;
  /** Timed repetitions of each side, interleaved; the best (least disturbed) is reported. */
  readonly repetitions?: number;
  readonly dataset?: DatasetDefinition;
}

export interface IngestBenchResult {
  readonly records: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly days: number;
  readonly arrival: 'ordered' | 'shuffled';
  /** Records per CPU second through the core. */
  readonly coreRecordsPerSecond: number;
  readonly floorRecordsPerSecond: number;
  /** core / floor: the goal is at least 0.5. */
  readonly ratio: number;
  /** Best CPU milliseconds of one pass over all records (records/s are computed from these). */
  readonly coreCpuMs: number;
  readonly floorCpuMs: number;
  /** Best wall-clock milliseconds, and the ratio they give (noisier when other work shares the machine). */
  readonly coreWallMs: number;
  readonly floorWallMs: number;
  readonly wallRatio: number;
  readonly objectsWritten: number;
  readonly rawObjects: number;
  readonly rejectedObjects: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly gzipBytes: number;
  /** Gzip bytes of the raw objects per accepted record. */
  readonly rawGzipBytesPerRecord: number;
  /** Mean bytes of one SQS record as the function's event carries it (JSON, SNS envelope in its body). */
  readonly meanSqsRecordBytes: number;
  /** Mean bytes of the published message text inside it. */
  readonly meanMessageBytes: number;
}

/** Runs the ingest benchmark and returns its figures (used by `bench/run-all.ts`). */
export function runIngestBench(options: IngestBenchOptions = {}): IngestBenchResult {
  const records = options.records ?? 100_000;
  const batchSize = options.batchSize ?? INGEST_DEFAULTS.batchSize;
  const repetitions = options.repetitions ?? 7;
  const days = options.days ?? 7;
  const arrival = options.arrival ?? 'ordered';
  const events = buildEvents({
    records,
    batchSize,
    days,
    arrival,
    invalidShare: options.invalidShare ?? 0.01,
    bigIntegerShare: options.bigIntegerShare ?? 0.01,
  });
  const planBatch = createBatchPlanner(options.dataset ?? passengers);
  const ingestedAt = new Date('2025-02-10T00:00:00.000Z');

  let objectsWritten = 0;
  let rawObjects = 0;
  let accepted = 0;
  let rejected = 0;
  let gzipBytes = 0;
  let rawGzipBytes = 0;
  const runCore = () => {
    objectsWritten = rawObjects = accepted = rejected = gzipBytes = rawGzipBytes = 0;
    for (const event of events) {
      const plan = planBatch(event.Records, ingestedAt);
      objectsWritten += plan.objects.length;
      rawObjects += plan.objects.filter((object) => object.kind === 'raw').length;
      accepted += plan.counts.accepted;
      rejected += plan.counts.rejected;
      for (const object of plan.objects) {
        gzipBytes += object.body.byteLength;
        if (object.kind === 'raw') rawGzipBytes += object.body.byteLength;
      }
    }
  };
  let floorSink = 0;
  const ingestedAtValue = formatLakeTimestamp(ingestedAt);
  // The floor writes the same rows (record fields plus the lineage columns) without validating or partitioning them.
  const runFloor = () => {
    for (const event of events) {
      const lines: string[] = [];
      for (const record of event.Records) {
        const envelope = JSON.parse(record.body) as { MessageId: string; Message: string };
        const row = JSON.parse(envelope.Message) as Record<string, unknown>;
        row.lakeline_message_id = envelope.MessageId;
        row.lakeline_record_index = 0;
        row.lakeline_ingested_at = ingestedAtValue;
        lines.push(JSON.stringify(row));
      }
      floorSink += gzipSync(`${lines.join('\n')}\n`).byteLength;
    }
  };

  runFloor();
  runCore();
  const floorTimes: Timing[] = [];
  const coreTimes: Timing[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    floorTimes.push(time(runFloor));
    coreTimes.push(time(runCore));
  }
  if (floorSink === 0) throw new Error('floor produced nothing');
  const core = {
    cpuMs: Math.min(...coreTimes.map((timing) => timing.cpuMs)),
    wallMs: Math.min(...coreTimes.map((timing) => timing.wallMs)),
  };
  const floor = {
    cpuMs: Math.min(...floorTimes.map((timing) => timing.cpuMs)),
    wallMs: Math.min(...floorTimes.map((timing) => timing.wallMs)),
  };
  const perSecond = (ms: number) => Math.round((records / ms) * 1000);
  const sqsRecords = events.flatMap((event) => event.Records);
  const meanBytes = (texts: readonly string[]) =>
    Math.round(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / Math.max(1, texts.length));
  const coreRecordsPerSecond = perSecond(core.cpuMs);
  const floorRecordsPerSecond = perSecond(floor.cpuMs);
  return {
    records,
    batchSize,
    batches: events.length,
    days,
    arrival,
    coreRecordsPerSecond,
    floorRecordsPerSecond,
    ratio: round2(coreRecordsPerSecond / floorRecordsPerSecond),
    coreCpuMs: Math.round(core.cpuMs),
    floorCpuMs: Math.round(floor.cpuMs),
    coreWallMs: Math.round(core.wallMs),
    floorWallMs: Math.round(floor.wallMs),
    wallRatio: round2(floor.wallMs / core.wallMs),
    objectsWritten,
    rawObjects,
    rejectedObjects: objectsWritten - rawObjects,
    accepted,
    rejected,
    gzipBytes,
    rawGzipBytesPerRecord: round2(rawGzipBytes / Math.max(1, accepted)),
    meanSqsRecordBytes: meanBytes(sqsRecords.map((record) => JSON.stringify(record))),
    meanMessageBytes: meanBytes(sqsRecords.map((record) => (JSON.parse(record.body) as { Message: string }).Message)),
  };
}

interface EventShape {
  readonly records: number;
  readonly batchSize: number;
  readonly days: number;
  readonly arrival: 'ordered' | 'shuffled';
  readonly invalidShare: number;
  readonly bigIntegerShare: number;
}

/**
 * Deterministic SQS batches, one passenger record per SNS message, boarding times over `days` (a third of them
 * written with a +02:00 offset). Each batch was published within a second, as SNS would deliver it.
 */
function buildEvents(shape: EventShape): SQSEvent[] {
  const random = seededRandom(42);
  const firstDay = Date.UTC(2025, 0, 1);
  const span = shape.days * 86_400_000;
  const names = ['Ada Lovelace', 'Zoë Ñúñez', 'Søren Kierkegaard', '李小龍', 'Amélie 🛫', 'Grace Hopper'];
  const events: SQSEvent[] = [];
  for (let start = 0; start < shape.records; start += shape.batchSize) {
    const Records: SQSEvent['Records'] = [];
    const publishedAt = new Date(
      firstDay + (shape.arrival === 'ordered' ? Math.floor((start / shape.records) * span) + 60_000 : span + start),
    );
    for (let index = start; index < Math.min(start + shape.batchSize, shape.records); index++) {
      const offset = shape.arrival === 'ordered' ? (index / shape.records) * span + random() * 60_000 : random() * span;
      const boardedAt = new Date(firstDay + Math.floor(offset));
      const boardedAtText =
        index % 3 === 0 ? new Date(boardedAt.getTime() + 7_200_000).toISOString().replace('Z', '+02:00') : boardedAt.toISOString();
      const passengerId = random() < shape.bigIntegerShare ? `${9_007_199_254_740_993n + BigInt(index)}` : `${1_000_000 + index}`;
      const invalid = random() < shape.invalidShare;
      const message = `{"passenger_id":${invalid ? `"${passengerId}"` : passengerId},"flight_id":${Math.floor(random() * 50_000)},"name":${JSON.stringify(names[index % names.length])},"seat_number":"${1 + (index % 40)}${'ABCDEF'[index % 6]}","boarded_at":"${boardedAtText}"}`;
      const messageId = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
      Records.push(snsSqsRecord(messageId, message, publishedAt));
    }
    events.push({ Records });
  }
  return events;
}

interface Timing {
  readonly wallMs: number;
  /** CPU time of this process (user + system): steadier than wall time on a machine shared with other work. */
  readonly cpuMs: number;
}

function time(run: () => void): Timing {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function printResult(result: IngestBenchResult): void {
  const format = (value: number) => value.toLocaleString('en-US');
  console.log(
    `Ingest core: ${format(result.records)} records in ${result.batches} SQS batches of ${format(result.batchSize)} (one record per SNS message, ${result.arrival} arrival over ${result.days} days)`,
  );
  console.table({
    'core (validate, partition, serialise, gzip)': {
      'records/s (CPU)': format(result.coreRecordsPerSecond),
      'best CPU ms': result.coreCpuMs,
      'best wall ms': result.coreWallMs,
    },
    'floor (JSON.parse, JSON.stringify, gzip)': {
      'records/s (CPU)': format(result.floorRecordsPerSecond),
      'best CPU ms': result.floorCpuMs,
      'best wall ms': result.floorWallMs,
    },
  });
  console.log(`ratio core/floor: ${result.ratio} on CPU time, ${result.wallRatio} on wall time (goal >= 0.5)`);
  console.log(
    `objects written: ${result.objectsWritten} (${result.rawObjects} raw, ${result.rejectedObjects} rejected); records accepted ${format(result.accepted)}, rejected ${format(result.rejected)}; gzip bytes ${format(result.gzipBytes)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printResult(runIngestBench());
}
