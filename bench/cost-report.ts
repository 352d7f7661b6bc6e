/**
 * The query side of the cost model and the batch settings comparison, as report rows and labelled inputs, from the
 * figures measured in this run (bench/run-all.ts prints them).
 */

import { INGEST_DEFAULTS } from '../lib/constructs/dataset-pipeline';
import { LAKELINE_SLO } from '../lib/slo';
import {
  BATCH_CANDIDATES,
  type BatchOutcome,
  type BatchSetting,
  BUSY_MESSAGES_PER_SECOND,
  batchOutcome,
  bestBatchSetting,
  keepsLimits,
  QUIET_MESSAGES_PER_SECOND,
  type StreamShape,
} from './batch-window';
import type { CompactionBenchResult } from './compaction.bench';
import { compactedScan, costPerQuery, type QueryCost, rawScan } from './cost-model';

/** Where a cost-model input comes from: measured in this run, set by the project, an AWS price or limit, or assumed. */
export type InputSource = 'measured' | 'configured' | 'AWS price' | 'AWS limit' | 'assumed';

export interface ModelInput {
  readonly input: string;
  readonly value: string;
  readonly source: InputSource;
  readonly why: string;
}

/** Assumed, not measured: the query side's scale, one dataset. */
export const QUERY_EVENTS_PER_DAY = 10_000_000;
export const QUERY_DAYS = 30;

export interface QueryCostLine {
  readonly name: string;
  readonly raw: QueryCost;
  readonly compacted: QueryCost;
}

export interface QueryCostModel {
  readonly lines: readonly QueryCostLine[];
  readonly inputs: readonly ModelInput[];
}

/** Dollars of each benchmarked query at QUERY_EVENTS_PER_DAY over QUERY_DAYS, raw and compacted. */
export function queryCostModel(
  compaction: CompactionBenchResult,
  stream: Omit<StreamShape, 'messagesPerSecond'>,
  rowsPerRowGroup: number,
): QueryCostModel {
  const ingest = batchOutcome(
    { batchSize: INGEST_DEFAULTS.batchSize, windowSeconds: INGEST_DEFAULTS.maxBatchingWindowSeconds },
    { ...stream, messagesPerSecond: QUERY_EVENTS_PER_DAY / 86_400 },
    { freshnessObjectiveSeconds: LAKELINE_SLO.freshness.objectiveSeconds, functionTimeoutSeconds: INGEST_DEFAULTS.timeoutSeconds },
  );
  const rawBytesPerRow = compaction.rawBytes / compaction.distinctRecords;
  const filesPerDay = compaction.compactedFiles / compaction.compactedDays;
  const rowGroupsPerDay = Math.ceil(QUERY_EVENTS_PER_DAY / rowsPerRowGroup);
  const shape = { rowsPerDay: QUERY_EVENTS_PER_DAY, days: QUERY_DAYS };
  const lines = compaction.cases.map((benchCase) => ({
    name: benchCase.name,
    raw: costPerQuery(rawScan('raw', shape, { bytesPerRow: rawBytesPerRow, objectsPerDay: ingest.objectsPerDay })),
    compacted: costPerQuery(
      compactedScan('compacted', shape, {
        bytesPerRowRead: benchCase.compactedBytes / compaction.compactedRows,
        filesPerDay,
        rowGroupsPerDay,
        columnsRead: benchCase.columnsRead.length,
      }),
    ),
  }));
  const inputs: ModelInput[] = [
    {
      input: 'events per day, days per query',
      value: `${QUERY_EVENTS_PER_DAY.toLocaleString('en-US')}, ${QUERY_DAYS}`,
      source: 'assumed',
      why: 'one busy dataset',
    },
    {
      input: 'raw gzip bytes per record',
      value: rawBytesPerRow.toFixed(1),
      source: 'measured',
      why: 'compaction bench lake (copies included), this run',
    },
    ...compaction.cases.map((benchCase) => ({
      input: `Parquet bytes per row read: ${benchCase.name}`,
      value: (benchCase.compactedBytes / compaction.compactedRows).toFixed(2),
      source: 'measured' as const,
      why: `column chunks of ${benchCase.columnsRead.join(', ')}`,
    })),
    {
      input: 'raw objects per day',
      value: ingest.objectsPerDay.toLocaleString('en-US'),
      source: 'configured',
      why: `ingest batch ${INGEST_DEFAULTS.batchSize}/${INGEST_DEFAULTS.maxBatchingWindowSeconds} s at ${(QUERY_EVENTS_PER_DAY / 86_400).toFixed(1)} messages/s (batch ends by ${ingest.trigger})`,
    },
    {
      input: 'compacted files per day',
      value: filesPerDay.toFixed(1),
      source: 'measured',
      why: 'local writer (Athena UNLOAD may write more)',
    },
    {
      input: 'row groups per compacted day',
      value: String(rowGroupsPerDay),
      source: 'configured',
      why: `${rowsPerRowGroup.toLocaleString('en-US')} rows per row group`,
    },
    {
      input: 'GETs per Parquet read',
      value: '2 per file + 1 per column chunk',
      source: 'assumed',
      why: 'footer length and footer, then ranged reads',
    },
    { input: 'GETs per raw object', value: '1', source: 'assumed', why: 'gzip is not splittable: one object, one read' },
    { input: 'Athena', value: '$5 per TB scanned, 10 MB minimum', source: 'AWS price', why: 'https://aws.amazon.com/athena/pricing/' },
    { input: 'S3 GET', value: '$0.0004 per 1,000', source: 'AWS price', why: 'https://aws.amazon.com/s3/pricing/' },
  ];
  return { lines, inputs };
}

export interface BatchSettingRow {
  readonly setting: string;
  readonly 'ends by (100/s)': string;
  readonly 'messages/batch': number;
  readonly 'objects/day (100/s)': number;
  readonly 'objects/day (10/s)': number;
  readonly 'object KB': number;
  readonly 'worst delay s': number;
  readonly 'full batch / 6 MB': string;
  readonly 'keeps limits': string;
}

export interface BatchSettingsReport {
  readonly rows: readonly BatchSettingRow[];
  readonly best: BatchSetting | undefined;
  readonly defaults: BatchSetting;
  /** Whether INGEST_DEFAULTS is the best candidate. */
  readonly defaultsAreBest: boolean;
}

const label = (setting: BatchSetting) => `${setting.batchSize.toLocaleString('en-US')} / ${setting.windowSeconds} s`;

function row(busy: BatchOutcome, quiet: BatchOutcome): BatchSettingRow {
  return {
    setting: label(busy.setting),
    'ends by (100/s)': busy.trigger,
    'messages/batch': Math.round(busy.messagesPerBatch),
    'objects/day (100/s)': busy.objectsPerDay,
    'objects/day (10/s)': quiet.objectsPerDay,
    'object KB': Math.round(busy.objectBytes / 1024),
    'worst delay s': Math.round(Math.max(busy.worstDelaySeconds, quiet.worstDelaySeconds) * 10) / 10,
    'full batch / 6 MB': `${Math.round(busy.fullBatchPayloadShare * 100)} %`,
    'keeps limits': keepsLimits(busy) && keepsLimits(quiet) ? 'yes' : 'no',
  };
}

/** The candidates (and the current defaults) at the busy and quiet rates, and the best of them. */
export function batchSettingsReport(stream: Omit<StreamShape, 'messagesPerSecond'>): BatchSettingsReport {
  const limits = {
    freshnessObjectiveSeconds: LAKELINE_SLO.freshness.objectiveSeconds,
    functionTimeoutSeconds: INGEST_DEFAULTS.timeoutSeconds,
  };
  const busy = { ...stream, messagesPerSecond: BUSY_MESSAGES_PER_SECOND };
  const quiet = { ...stream, messagesPerSecond: QUIET_MESSAGES_PER_SECOND };
  const defaults = { batchSize: INGEST_DEFAULTS.batchSize, windowSeconds: INGEST_DEFAULTS.maxBatchingWindowSeconds };
  const candidates = BATCH_CANDIDATES.some((setting) => label(setting) === label(defaults))
    ? BATCH_CANDIDATES
    : [...BATCH_CANDIDATES, defaults];
  const best = bestBatchSetting(candidates, busy, quiet, limits);
  return {
    rows: candidates.map((setting) => row(batchOutcome(setting, busy, limits), batchOutcome(setting, quiet, limits))),
    best,
    defaults,
    defaultsAreBest: best !== undefined && label(best) === label(defaults),
  };
}
