/**
 * One benchmark report: runs every benchmark in one process, prints one table of figures with the baseline each is
 * measured against in the same run (and their ratio), and writes everything as JSON to bench/results/<timestamp>.json.
 *
 * Usage: npm run bench            (full sizes: 100,000 ingest records, 100,000 local records, 1,000,000 query and
 *                                  compaction rows; LAKELINE_BENCH_5M=1 adds the 5,000,000-row compaction case)
 *        npm run bench -- --quick (smaller sizes for a smoke run)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_PAYLOAD_BYTES, type StreamShape } from './batch-window';
import { runBundleBench } from './bundle.bench';
import { BENCH_ROW_GROUP_SIZE, type CompactionBenchResult, runCompactionBench } from './compaction.bench';
import {
  costPerMillionEvents,
  type DesignCost,
  type IngestDesign,
  PRICES_SOURCE,
  perMessageDesign,
  QUERY_PRICES_SOURCE,
} from './cost-model';
import { batchSettingsReport, queryCostModel } from './cost-report';
import { runIngestBench } from './ingest.bench';
import {
  ASSUMED_S3_PUT_MS,
  AWS_FIELD_EXTRA_BYTES,
  EVENT_BYTES,
  INGEST_BATCH_SIZE,
  INGEST_MEMORY_MB,
  ingestModelInputs,
  PUT_CONCURRENCY,
} from './ingest-inputs';
import { localBenchFailed, runLocalBench } from './local.bench';
import { runQueryBench } from './query.bench';

const quick = process.argv.includes('--quick');
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

  console.log('\n[1/6] ingest core vs floor');
  const ingest = runIngestBench(quick ? { records: 20_000, repetitions: 3 } : {});
  rows.push({
    figure: `ingest core, records/s (CPU), batches of ${ingest.batchSize}`,
    value: format(ingest.coreRecordsPerSecond),
    baseline: `floor ${format(ingest.floorRecordsPerSecond)} (JSON.parse + stringify + gzip)`,
    ratio: ingest.ratio,
  });

  console.log('[2/6] local mode: publish to queryable');
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

  console.log('[3/6] query handler vs raw engine');
  const query = await runQueryBench({ ...(quick ? { rows: 200_000, iterations: 3 } : {}), log });
  for (const benchCase of query.cases) {
    rows.push({
      figure: `query ${benchCase.name} (${format(query.rows)} rows), median ms`,
      value: String(benchCase.handlerMedianMs),
      baseline: `raw DuckDB ${benchCase.engineMedianMs} ms`,
      ratio: Math.round(benchCase.ratio * 100) / 100,
    });
  }

  console.log('[4/6] raw vs compacted');
  const compactionSizes = [quick ? 100_000 : 1_000_000, ...(!quick && process.env.LAKELINE_BENCH_5M === '1' ? [5_000_000] : [])];
  const compactions: CompactionBenchResult[] = [];
  for (const size of compactionSizes) {
    const compaction = await runCompactionBench({ rows: size, iterations: quick ? 3 : 5, log });
    compactions.push(compaction);
    for (const benchCase of compaction.cases) {
      rows.push({
        figure: `compacted ${benchCase.name} (${format(compaction.rows)} rows), MB read`,
        value: (benchCase.compactedBytes / 1e6).toFixed(2),
        baseline: `raw ${(benchCase.rawBytes / 1e6).toFixed(1)} MB`,
        ratio: Math.round(benchCase.bytesShare * 1000) / 1000,
      });
      rows.push({
        figure: `compacted ${benchCase.name} (${format(compaction.rows)} rows), median ms`,
        value: String(benchCase.compactedMedianMs),
        baseline: `raw ${benchCase.rawMedianMs} ms`,
        ratio: Math.round((benchCase.compactedMedianMs / benchCase.rawMedianMs) * 1000) / 1000,
      });
    }
  }
  const compaction = compactions[0] as CompactionBenchResult;

  console.log('[5/6] Lambda bundles');
  const bundles = await runBundleBench({ runs: quick ? 3 : 7 });
  for (const entry of bundles.entries) {
    rows.push({
      figure: `${entry.name} bundle ${format(Math.round(entry.bundleBytes / 1024))} KB, cold import ms`,
      value: String(entry.coldImportMs),
      baseline: `empty module ${entry.emptyModuleMs} ms`,
      ratio: entry.ratio,
    });
  }

  console.log('[6/6] cost model');
  const msPerRecord = ingest.coreWallMs / ingest.records;
  const objectsPerBatch = ingest.objectsWritten / ingest.batches;
  // What one message adds to the invocation payload, besides its records: measured on the bench's SQS records.
  const deliveryBytes = ingest.meanSqsRecordBytes - ingest.meanMessageBytes + AWS_FIELD_EXTRA_BYTES;
  const lakeline = (recordsPerMessage: number): IngestDesign => {
    const messagesPerInvocation = Math.min(
      INGEST_BATCH_SIZE,
      Math.floor(LAMBDA_PAYLOAD_BYTES / (recordsPerMessage * EVENT_BYTES + deliveryBytes)),
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

  const stream: Omit<StreamShape, 'messagesPerSecond'> = {
    messageBytes: EVENT_BYTES + deliveryBytes,
    ingestMsPerRecord: msPerRecord,
    writeMs: ASSUMED_S3_PUT_MS,
    gzipBytesPerRecord: ingest.rawGzipBytesPerRecord,
  };
  const queryCosts = queryCostModel(compaction, stream, BENCH_ROW_GROUP_SIZE);
  for (const line of queryCosts.lines) {
    rows.push({
      figure: `Athena + S3 GET $ per query at 10M events/day, ${line.name}, compacted`,
      value: usd(line.compacted.totalUsd),
      baseline: `raw ${usd(line.raw.totalUsd)}`,
      ratio: Math.round((line.compacted.totalUsd / line.raw.totalUsd) * 1000) / 1000,
    });
  }
  const batchSettings = batchSettingsReport(stream);

  console.log('\nLakeline benchmark report');
  console.table(rows);
  const inputs = ingestModelInputs({
    msPerRecord,
    objectsPerBatch,
    batchSize: ingest.batchSize,
    envelopeBytes: ingest.meanSqsRecordBytes - ingest.meanMessageBytes,
    rawGzipBytesPerRecord: ingest.rawGzipBytesPerRecord,
    messagesPerInvocation: costs
      .slice(0, 2)
      .map((cost) => cost.design.replace(/^Lakeline, /, ''))
      .join('; '),
  });
  console.log(`\nCost model inputs (prices: ${PRICES_SOURCE})`);
  console.table(inputs);
  for (const cost of costs) {
    console.log(`  ${cost.design}: ${cost.lines.map((line) => `${line.item} ${usd(line.usd)}`).join(', ')}`);
  }
  console.log(`\nQuery cost model inputs (prices: ${QUERY_PRICES_SOURCE})`);
  console.table(queryCosts.inputs);
  for (const line of queryCosts.lines) {
    for (const cost of [line.raw, line.compacted])
      console.log(
        `  ${line.name}, ${cost.name}: ${(cost.billedBytes / 2 ** 30).toFixed(2)} GB billed ${usd(cost.athenaUsd)}, ` +
          `${format(cost.getRequests)} GETs ${usd(cost.s3GetUsd)}, total ${usd(cost.totalUsd)}`,
      );
  }
  console.log(
    `\nBatch settings (one dataset, ${format(EVENT_BYTES + deliveryBytes)} B per message in the payload; limits: window + ingest within a quarter of the freshness objective, full batch at most half of 6 MB)`,
  );
  console.table(batchSettings.rows);
  const settingText = (setting: { batchSize: number; windowSeconds: number } | undefined) =>
    setting ? `${format(setting.batchSize)} / ${setting.windowSeconds} s` : 'none';
  console.log(
    `  best: ${settingText(batchSettings.best)}; INGEST_DEFAULTS: ${settingText(batchSettings.defaults)} (${batchSettings.defaultsAreBest ? 'the best' : 'NOT the best'})`,
  );
  for (const result of compactions)
    for (const goal of result.goals)
      console.log(`  goal ${goal.met ? 'met' : 'NOT met'} (${format(result.rows)} rows): ${goal.goal}: ${goal.measured}`);

  const resultsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt,
        quick,
        node: process.version,
        rows,
        inputs,
        ingest,
        local,
        query,
        compactions,
        bundles,
        costs,
        queryCosts,
        batchSettings,
        pricesSource: PRICES_SOURCE,
        queryPricesSource: QUERY_PRICES_SOURCE,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwritten ${file}`);
  if (localBenchFailed(local)) process.exitCode = 1;
}

await main();
