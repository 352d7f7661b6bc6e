/** What the query use cases are given: the engine, the datasets, the settings, a clock and where to log and count. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DatasetDefinition } from '../core/dataset';
import type { CompactedDaysReader } from '../core/ports/compaction-catalog';
import type { QueryEngine } from '../core/ports/query-engine';

export interface QuerySettings {
  readonly maxRangeDays: number;
  readonly maxResultRows: number;
  readonly resultReuseMaxAgeMinutes: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly engineCallTimeoutMs: number;
}

export type RecordMetric = (name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number) => void;

/** Calls the engine within a time limit; its failures become the API's 4xx/5xx answers. */
export type EngineCall = <T>(action: string, queryId: string | undefined, call: () => Promise<T>, timeoutMs?: number) => Promise<T>;

export interface QueryPorts {
  readonly engine: QueryEngine;
  readonly compactedDays: CompactedDaysReader;
  readonly callEngine: EngineCall;
  readonly datasets: readonly DatasetDefinition[];
  readonly settings: QuerySettings;
  readonly now: () => Date;
  readonly record: RecordMetric;
  readonly logger?: Logger;
}
