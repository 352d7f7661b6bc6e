/**
 * One benchmark report: runs every benchmark in one process, prints one table of figures with the baseline each is
 * measured against in the same run (and their ratio), and writes everything as JSON to bench/results/<timestamp>.json.
 *
 * Usage: npm run bench            (full sizes: 100,000 ingest records, 100,000 local records, 1,000,000 query rows)
 *        npm run bench -- --quick (smaller sizes for a smoke run)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundleBench } from './bundle.bench';
import { costPerMillionEvents, type DesignCost, type IngestDesign, PRICES_SOURCE, perMessageDesign } from './cost-model';
import { runIngestBench } from './ingest.bench';
import { localBenchFailed, runLocalBench } from './local.bench';
import { runQueryBench } from './query.bench';

const quick = process.argv.includes('--quick');
/** Where a cost-model input comes from: measured in this run, set by the project, a documented AWS limit, or assumed. */
type InputSource = 'measured' | 'configured' | 'AWS limit' | 'assumed';

interface ModelInput {
  readonly input: string;
  readonly value: string;
  readonly source: InputSource;
  readonly why: string;
}

/** Assumed, not measured (no AWS here): the size of one event. */
const EVENT_BYTES = 1024;
/** The ingest function's memory (lib/constructs/dataset-pipeline.ts default) and event source batch size. */
const INGEST_MEMORY_MB = 1024;
const INGEST_BATCH_SIZE = 1000;
/** Lambda's synchronous payload limit caps how many messages one invocation receives. */
const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Assumed, not measured: the SNS envelope around each message in the SQS body (fields, signature, URLs), bytes. */
const ENVELOPE_BYTES = 600;
/** Assumed, not measured (no AWS here): latency of one round of parallel S3 PUTs from Lambda, milliseconds. */
const ASSUMED_S3_PUT_MS = 40;
const PUT_CONCURRENCY = 8;

interface Row {
  readonly figure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: number | string;
}

const log = (line: string) => console.log(`  ${line}`);
const format = (value: number) => value.toLocaleString('en-US');
const usd = (value: number) => `$${value.toFixed(4)}`;

async function main(): Promise<void> {
  const startedAt = new Date();
  const rows: Row[] = [];

  console.log(`Lakeline benchmarks${quick ? ' (quick sizes)' : ''}, ${startedAt.toISOString()}, node ${process.version}`);

  console.log('\n[1/5] ingest core vs floor');
  const ingest = runIngestBench(quick ? { records: 20_000, repetitions: 3 } : {});
  rows.push({
    figure: `ingest core, records/s (CPU), batches of ${ingest.batchSize}`,
    value: format(ingest.coreRecordsPerSecond),
    baseline: `floor ${format(ingest.floorRecordsPerSecond)} (JSON.parse + stringify + gzip)`,
    ratio: ingest.ratio,
  });

  console.log('[2/5] local mode: publish to queryable');
  const local = await runLocalBench(quick ? { records: 20_000 } : {});
  rows.push({
    figure: 'local mode, accepted records/s (SDK PublishBatch)',
    value: format(local.acceptedRecordsPerSecond),
    baseline: `ingest core ${format(ingest.coreRecordsPerSecond)} records/s`,
    ratio: Math.round((local.acceptedRecordsPerSecond / ingest.coreRecordsPerSecond) * 100) / 100,
  });
  rows.push({
    figure: 'local mode, seconds from last publish to queryable',
    value: String(local.secondsUntilLastQueryable),
    baseline: `records lost ${local.recordsLost}, not returned ${local.recordsNotReturned}, extra stored copies ${local.duplicateRecords} (read from the lake)`,
    ratio: '',
  });

  console.log('[3/5] query handler vs raw engine');
  const query = await runQueryBench({ ...(quick ? { rows: 200_000, iterations: 3 } : {}), log });
  for (const benchCase of query.cases) {
    rows.push({
      figure: `query ${benchCase.name} (${format(query.rows)} rows), median ms`,
      value: String(benchCase.handlerMedianMs),
      baseline: `raw DuckDB ${benchCase.engineMedianMs} ms`,
      ratio: Math.round(benchCase.ratio * 100) / 100,
    });
  }

  console.log('[4/5] Lambda bundles');
  const bundles = await runBundleBench({ runs: quick ? 3 : 7 });
  for (const entry of bundles.entries) {
    rows.push({
      figure: `${entry.name} bundle ${format(Math.round(entry.bundleBytes / 1024))} KB, cold import ms`,
      value: String(entry.coldImportMs),
      baseline: `empty module ${entry.emptyModuleMs} ms`,
      ratio: entry.ratio,
    });
  }

  console.log('[5/5] cost model');
  const msPerRecord = ingest.coreWallMs / ingest.records;
  const objectsPerBatch = ingest.objectsWritten / ingest.batches;
  const lakeline = (recordsPerMessage: number): IngestDesign => {
    const messagesPerInvocation = Math.min(
      INGEST_BATCH_SIZE,
      Math.floor(LAMBDA_PAYLOAD_BYTES / (recordsPerMessage * EVENT_BYTES + ENVELOPE_BYTES)),
    );
    const records = messagesPerInvocation * recordsPerMessage;
    // Objects follow the partition days a batch spans (a live stream: one or two), not its size: the measured figure.
    const objects = objectsPerBatch;
    return {
      name: `Lakeline, ${recordsPerMessage} record(s)/message, ${messagesPerInvocation} messages/invocation`,
      eventBytes: EVENT_BYTES,
      recordsPerMessage,
      messagesPerInvocation,
      objectsPerInvocation: objects,
      lambdaMsPerInvocation: records * msPerRecord + Math.ceil(objects / PUT_CONCURRENCY) * ASSUMED_S3_PUT_MS,
      lambdaMemoryMb: INGEST_MEMORY_MB,
    };
  };
  const perMessage = perMessageDesign(EVENT_BYTES, msPerRecord + ASSUMED_S3_PUT_MS, INGEST_MEMORY_MB);
  const costs: DesignCost[] = [costPerMillionEvents(lakeline(1)), costPerMillionEvents(lakeline(10)), costPerMillionEvents(perMessage)];
  const perMessageCost = costs[costs.length - 1] as DesignCost;
  for (const cost of costs) {
    rows.push({
      figure: `cost per million 1 KB events: ${cost.design}`,
      value: usd(cost.totalUsd),
      baseline: `per-message design ${usd(perMessageCost.totalUsd)}`,
      ratio: Math.round((cost.totalUsd / perMessageCost.totalUsd) * 1000) / 1000,
    });
  }

  console.log('\nLakeline benchmark report');
  console.table(rows);
  const inputs: ModelInput[] = [
    { input: 'ingest CPU per record', value: `${msPerRecord.toFixed(4)} ms`, source: 'measured', why: 'ingest bench, this run' },
    {
      input: `objects per ${ingest.batchSize}-message batch`,
      value: objectsPerBatch.toFixed(2),
      source: 'measured',
      why: 'ingest bench, this run',
    },
    { input: 'event size', value: `${EVENT_BYTES} B`, source: 'assumed', why: 'a typical 1 KB event' },
    { input: 'SNS envelope per message', value: `${ENVELOPE_BYTES} B`, source: 'assumed', why: 'fields, signature and URLs' },
    { input: 'S3 PUT round', value: `${ASSUMED_S3_PUT_MS} ms per ${PUT_CONCURRENCY} parallel PUTs`, source: 'assumed', why: 'no AWS here' },
    { input: 'event source batch size', value: String(INGEST_BATCH_SIZE), source: 'configured', why: 'DatasetPipeline default' },
    { input: 'ingest memory', value: `${INGEST_MEMORY_MB} MB arm64`, source: 'configured', why: 'DatasetPipeline default' },
    { input: 'Lambda payload', value: `${LAMBDA_PAYLOAD_BYTES} B`, source: 'AWS limit', why: 'caps messages per invocation' },
    {
      input: 'messages per invocation',
      value: costs
        .slice(0, 2)
        .map((cost) => cost.design.replace(/^Lakeline, /, ''))
        .join('; '),
      source: 'assumed',
      why: 'derived: batch size capped by payload / (event × records + envelope)',
    },
  ];
  console.log(`\nCost model inputs (prices: ${PRICES_SOURCE})`);
  console.table(inputs);
  for (const cost of costs) {
    console.log(`  ${cost.design}: ${cost.lines.map((line) => `${line.item} ${usd(line.usd)}`).join(', ')}`);
  }

  const resultsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt, quick, node: process.version, rows, inputs, ingest, local, query, bundles, costs, pricesSource: PRICES_SOURCE }, null, 2)}\n`,
  );
  console.log(`\nwritten ${file}`);
  if (localBenchFailed(local)) process.exitCode = 1;
}

await main();
