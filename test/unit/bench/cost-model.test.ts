import { describe, expect, it } from 'vitest';
import {
  ATHENA_MIN_BYTES_PER_QUERY,
  ATHENA_USD_PER_TB_SCANNED,
  compactedScan,
  costPerMillionEvents,
  costPerQuery,
  type IngestDesign,
  LAMBDA_ARM64_USD_PER_GB_SECOND,
  perMessageDesign,
  rawScan,
  S3_GET_USD_PER_THOUSAND,
  S3_PUT_USD_PER_THOUSAND,
  SNS_PUBLISH_USD_PER_MILLION,
  SQS_REQUEST_USD_PER_MILLION,
} from '../../../bench/cost-model';

const batched: IngestDesign = {
  name: 'batched',
  eventBytes: 1024,
  recordsPerMessage: 1,
  messagesPerInvocation: 1000,
  objectsPerInvocation: 2,
  lambdaMsPerInvocation: 500,
  lambdaMemoryMb: 1024,
};

const usdOf = (cost: ReturnType<typeof costPerMillionEvents>, prefix: string) =>
  cost.lines.find((line) => line.item.startsWith(prefix))?.usd;

describe('cost per million 1 KB events', () => {
  it('prices a batched design from its requests, invocations, GB-seconds and PUTs', () => {
    // Act
    const cost = costPerMillionEvents(batched);

    // Assert
    expect(usdOf(cost, 'SNS publish')).toBeCloseTo(SNS_PUBLISH_USD_PER_MILLION, 10);
    expect(usdOf(cost, 'SNS → SQS')).toBe(0);
    expect(usdOf(cost, 'SQS')).toBeCloseTo(((1_000_000 + 2_000) / 1e6) * SQS_REQUEST_USD_PER_MILLION, 10);
    expect(usdOf(cost, 'Lambda invocations')).toBeCloseTo(0.0002, 10);
    expect(usdOf(cost, 'Lambda GB-seconds')).toBeCloseTo(1000 * 0.5 * LAMBDA_ARM64_USD_PER_GB_SECOND, 10);
    expect(usdOf(cost, 'S3 PUT')).toBeCloseTo((2000 / 1000) * S3_PUT_USD_PER_THOUSAND, 10);
    expect(cost.totalUsd).toBeCloseTo(
      cost.lines.reduce((sum, line) => sum + line.usd, 0),
      12,
    );
  });

  it('bills each started 64 KB of a many-record message as one SNS and one SQS request', () => {
    // Prepare
    const packed = { ...batched, recordsPerMessage: 100 };

    // Act
    const cost = costPerMillionEvents(packed);

    // Assert: 10,000 messages of 100 KB are 2 chunks each
    expect(cost.lines.find((line) => line.item.startsWith('SNS publish'))?.requests).toBe(20_000);
  });

  it('makes the per-message design cost one invocation and one PUT per event', () => {
    // Act
    const cost = costPerMillionEvents(perMessageDesign(1024, 20, 1024));

    // Assert
    expect(cost.lines.find((line) => line.item === 'Lambda invocations')?.requests).toBe(1_000_000);
    expect(cost.lines.find((line) => line.item === 'S3 PUT requests')?.usd).toBeCloseTo(5, 10);
    expect(cost.totalUsd).toBeGreaterThan(costPerMillionEvents(batched).totalUsd * 5);
  });

  it('rounds each invocation up to a whole billed millisecond', () => {
    // Act
    const cost = costPerMillionEvents(perMessageDesign(1024, 0.2, 1024));

    // Assert
    expect(usdOf(cost, 'Lambda GB-seconds')).toBeCloseTo(1_000_000 * 0.001 * LAMBDA_ARM64_USD_PER_GB_SECOND, 10);
  });

  it('refuses a design with fewer than one record per message', () => {
    expect(() => costPerMillionEvents({ ...batched, recordsPerMessage: 0 })).toThrow('at least 1');
  });
});

describe('cost of one query', () => {
  it('bills the bytes scanned in whole megabytes at $5 per TB', () => {
    // Act
    const cost = costPerQuery({ name: 'raw', bytesScanned: 2 ** 40 + 1, getRequests: 2000 });

    // Assert
    expect(cost.billedBytes).toBe(2 ** 40 + 2 ** 20);
    expect(cost.athenaUsd).toBeCloseTo(ATHENA_USD_PER_TB_SCANNED * (1 + 2 ** -20), 10);
    expect(cost.s3GetUsd).toBeCloseTo(2 * S3_GET_USD_PER_THOUSAND, 12);
    expect(cost.totalUsd).toBeCloseTo(cost.athenaUsd + cost.s3GetUsd, 12);
  });

  it('bills a small scan as the 10 MB minimum', () => {
    // Act
    const cost = costPerQuery({ name: 'small', bytesScanned: 1000, getRequests: 0 });

    // Assert
    expect(cost.billedBytes).toBe(ATHENA_MIN_BYTES_PER_QUERY);
    expect(cost.athenaUsd).toBeCloseTo((10 * 2 ** 20 * ATHENA_USD_PER_TB_SCANNED) / 2 ** 40, 15);
  });

  it('reads every raw object of the range whole, one GET each', () => {
    // Act
    const scan = rawScan('raw', { rowsPerDay: 1_000_000, days: 30 }, { bytesPerRow: 40, objectsPerDay: 8640.5 });

    // Assert
    expect(scan.bytesScanned).toBe(1_200_000_000);
    expect(scan.getRequests).toBe(8641 * 30);
  });

  it('reads only the column chunks a compacted query needs, plus each file footer', () => {
    // Act
    const scan = compactedScan(
      'compacted',
      { rowsPerDay: 1_000_000, days: 30 },
      { bytesPerRowRead: 3, filesPerDay: 2, rowGroupsPerDay: 9, columnsRead: 2 },
    );

    // Assert
    expect(scan.bytesScanned).toBe(90_000_000);
    expect(scan.getRequests).toBe((2 * 2 + 9 * 2) * 30);
  });

  it('refuses a negative scan', () => {
    expect(() => costPerQuery({ name: 'bad', bytesScanned: -1, getRequests: 0 })).toThrow('negative');
  });
});
