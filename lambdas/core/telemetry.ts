/**
 * Metric and log names shared by the handlers (which emit them as EMF) and the
 * CDK monitoring (which alarms on them). One place, so the two cannot drift.
 */

export const METRICS_NAMESPACE = 'Lakeline';

export const INGEST_SERVICE = 'ingest';
export const QUERY_SERVICE = 'query';
export const COMPACTION_SERVICE = 'compaction';

/** Dimension added to every ingest metric, besides Powertools' `service`. */
export const DATASET_DIMENSION = 'dataset';

export const IngestMetric = {
  RecordsAccepted: 'RecordsAccepted',
  RecordsRejected: 'RecordsRejected',
  ObjectsWritten: 'ObjectsWritten',
  BytesWritten: 'BytesWritten',
  BatchDuration: 'BatchDuration',
  /** Unknown fields are dropped from records, and counted. */
  UnknownFieldsDropped: 'UnknownFieldsDropped',
} as const;

export const QueryMetric = {
  Queries: 'Queries',
  BytesScanned: 'BytesScanned',
  EngineTime: 'EngineTime',
  ClientErrors: 'ClientErrors',
  ServerErrors: 'ServerErrors',
} as const;

/** Emitted by the compaction function per dataset (with the `dataset` dimension) after each run. */
export const CompactionMetric = {
  DaysCompacted: 'DaysCompacted',
  /** Days (or whole datasets, when listing them failed) a run could not compact. */
  CompactionFailures: 'CompactionFailures',
} as const;
