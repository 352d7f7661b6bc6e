import { describe, expect, it } from 'vitest';
import {
  costPerMillionEvents,
  type IngestDesign,
  LAMBDA_ARM64_USD_PER_GB_SECOND,
  perMessageDesign,
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
