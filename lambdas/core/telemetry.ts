/**
 * Metric and log names shared by the handlers (which emit them as EMF) and the
 * CDK monitoring (which alarms on them). One place, so the two cannot drift.
 */

export const METRICS_NAMESPACE = 'Lakeline';

export const INGEST_SERVICE = 'ingest';
export const QUERY_SERVICE = 'query';

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
