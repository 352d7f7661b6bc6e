import { describe, expect, it } from 'vitest';
import type { CompactionBenchResult } from '../../../bench/compaction.bench';
import { costPerQuery } from '../../../bench/cost-model';
import { batchSettingsReport, QUERY_DAYS, QUERY_EVENTS_PER_DAY, queryCostModel } from '../../../bench/cost-report';
import { INGEST_DEFAULTS } from '../../../lib/constructs/dataset-pipeline';

/** A 1 KB event with the measured envelope and SQS fields and the assumed AWS extras: about 2.9 KB in the payload. */
const stream = { messageBytes: 2900, ingestMsPerRecord: 0.03, writeMs: 40, gzipBytesPerRecord: 40 };

const compaction = {
  rawBytes: 40_000_000,
  distinctRecords: 1_000_000,
  compactedFiles: 30,
  compactedDays: 30,
  compactedRows: 1_000_000,
  cases: [{ name: 'count per day per flight', compactedBytes: 100_000, columnsRead: ['flight_id'] }],
} as unknown as CompactionBenchResult;

describe('batch settings report', () => {
  it('finds the construct defaults the best of the compared settings for 1 KB events', () => {
    // Act
    const report = batchSettingsReport(stream);

    // Assert
    expect(report.defaults).toEqual({ batchSize: INGEST_DEFAULTS.batchSize, windowSeconds: INGEST_DEFAULTS.maxBatchingWindowSeconds });
    expect(report.best).toEqual(report.defaults);
    expect(report.defaultsAreBest).toBe(true);
    expect(report.rows.find((row) => row.setting === '10,000 / 60 s')?.['keeps limits']).toBe('no');
  });
});

describe('query cost model', () => {
  it('prices the raw query from every object of every day and the compacted one from the columns it reads', () => {
    // Act
    const model = queryCostModel(compaction, stream, 122_880);

    // Assert
    const [line] = model.lines;
    const rows = QUERY_EVENTS_PER_DAY * QUERY_DAYS;
    expect(line?.raw).toEqual(costPerQuery({ name: 'raw', bytesScanned: rows * 40, getRequests: line?.raw.getRequests ?? -1 }));
    expect(line?.raw.getRequests).toBeGreaterThan(QUERY_DAYS * 8000);
    expect(line?.compacted).toEqual(costPerQuery({ name: 'compacted', bytesScanned: rows * 0.1, getRequests: QUERY_DAYS * (2 + 82) }));
    expect(model.inputs.every((input) => ['measured', 'configured', 'AWS price', 'AWS limit', 'assumed'].includes(input.source))).toBe(
      true,
    );
  });
});
