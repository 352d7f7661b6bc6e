import { describe, expect, it } from 'vitest';
import {
  COMPACTION_SERVICE,
  CompactionMetric,
  DATASET_DIMENSION,
  INGEST_SERVICE,
  IngestMetric,
  METRICS_NAMESPACE,
  QUERY_SERVICE,
  QueryMetric,
} from '../../../../lambdas/core/telemetry';

describe('telemetry names', () => {
  it('publishes under the namespace, services and dimension that dashboards, alarms and the runbook query in CloudWatch', () => {
    // Act
    const names = [METRICS_NAMESPACE, INGEST_SERVICE, QUERY_SERVICE, COMPACTION_SERVICE, DATASET_DIMENSION];

    // Assert
    expect(names).toEqual(['Lakeline', 'ingest', 'query', 'compaction', 'dataset']);
  });

  it('names every metric after its own key', () => {
    // Prepare
    const metrics = { ...IngestMetric, ...QueryMetric, ...CompactionMetric };

    // Act
    const mismatched = Object.entries(metrics).filter(([key, name]) => key !== name);

    // Assert
    expect(mismatched).toEqual([]);
    expect(Object.keys(metrics)).toEqual([
      'RecordsAccepted',
      'RecordsRejected',
      'ObjectsWritten',
      'BytesWritten',
      'BatchDuration',
      'UnknownFieldsDropped',
      'Queries',
      'BytesScanned',
      'EngineTime',
      'ClientErrors',
      'ServerErrors',
      'DaysCompacted',
      'CompactionFailures',
    ]);
  });
});
