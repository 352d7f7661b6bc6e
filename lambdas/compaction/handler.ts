import { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { DatasetDefinition } from '../core/dataset';
import { COMPACTION_SERVICE, CompactionMetric, DATASET_DIMENSION } from '../core/telemetry';
import { type CompactedDayReport, type CompactionPorts, compactDataset } from './compact-dataset';
import { parseCompactionRequest } from './compaction-request';

export interface CompactionDependencies {
  readonly ports: CompactionPorts;
  readonly datasets: readonly DatasetDefinition[];
  /** Hours after its end (UTC) before a day is compacted. */
  readonly lagHours: number;
  /** Defaults to a Powertools Logger for the compaction service. */
  readonly logger?: Logger;
  /** Powertools Metrics; the handler adds the `dataset` dimension. When absent no metrics are emitted. */
  readonly metrics?: Metrics;
}

export interface CompactionFailure {
  readonly dataset: string;
  /** Absent when the dataset's run could not start (its state could not be read). */
  readonly day?: string;
  readonly error: string;
}

export interface CompactionSummary {
  readonly compacted: readonly (CompactedDayReport & { readonly dataset: string })[];
  readonly failed: readonly CompactionFailure[];
}

/** Thrown after every dataset and day was tried when any failed, so the invocation counts as an error. */
export class CompactionFailedError extends Error {
  constructor(readonly failures: readonly CompactionFailure[]) {
    super(
      `${failures.length} compaction(s) failed: ${failures.map((failure) => `${failure.dataset} ${failure.day ?? '(planning)'}: ${failure.error}`).join('; ')}`,
    );
    this.name = 'CompactionFailedError';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The compaction function, invoked by the hourly schedule with `{}` (every dataset, every due day) or by hand with
 * `{dataset}` or `{dataset, day}`. Each day is compacted on its own: a failed day is logged and counted, the other
 * days still run, and the invocation then fails so that the function's error alarm fires.
 */
export function createCompactionHandler(deps: CompactionDependencies): (event: unknown, context?: Context) => Promise<CompactionSummary> {
  const logger = deps.logger ?? new Logger({ serviceName: COMPACTION_SERVICE });

  return async (event) => {
    const request = parseCompactionRequest(event, deps.datasets);
    const compacted: (CompactedDayReport & { dataset: string })[] = [];
    const failed: CompactionFailure[] = [];
    for (const dataset of request.datasets) {
      const before = { compacted: compacted.length, failed: failed.length };
      const onDayFailed = (day: string, error: unknown) => {
        failed.push({ dataset: dataset.name, day, error: messageOf(error) });
        logger.error('Could not compact a day; it stays answered from raw', { dataset: dataset.name, day, error: error as Error });
      };
      try {
        const options = { lagHours: deps.lagHours, onDayFailed, ...(request.day === undefined ? {} : { day: request.day }) };
        for (const report of await compactDataset(deps.ports, dataset, options)) {
          compacted.push({ dataset: dataset.name, ...report });
          logger.info('Compacted a day', { dataset: dataset.name, ...report });
        }
      } catch (error) {
        // The run could not start: the dataset's state could not be read, or the given day is not closed.
        failed.push({ dataset: dataset.name, ...(request.day === undefined ? {} : { day: request.day }), error: messageOf(error) });
        logger.error('Could not run the compaction of a dataset', { dataset: dataset.name, error: error as Error });
      }
      if (deps.metrics) {
        deps.metrics.addDimension(DATASET_DIMENSION, dataset.name);
        deps.metrics.addMetric(CompactionMetric.DaysCompacted, MetricUnit.Count, compacted.length - before.compacted);
        deps.metrics.addMetric(CompactionMetric.CompactionFailures, MetricUnit.Count, failed.length - before.failed);
        deps.metrics.publishStoredMetrics();
      }
    }
    logger.info('Compaction run', { datasets: request.datasets.map((d) => d.name), compacted: compacted.length, failed: failed.length });
    if (failed.length > 0) throw new CompactionFailedError(failed);
    return { compacted, failed };
  };
}
