import { describe, expect, it } from 'vitest';
import {
  type BatchLimits,
  batchOutcome,
  bestBatchSetting,
  checkBatchSetting,
  keepsLimits,
  LAMBDA_PAYLOAD_BYTES,
  type StreamShape,
} from '../../../bench/batch-window';

const stream: StreamShape = { messagesPerSecond: 100, messageBytes: 2048, ingestMsPerRecord: 0.01, writeMs: 40, gzipBytesPerRecord: 50 };
const quiet: StreamShape = { ...stream, messagesPerSecond: 10 };
const limits: BatchLimits = { freshnessObjectiveSeconds: 300, functionTimeoutSeconds: 60 };

describe('batch settings against objects per day and freshness', () => {
  it('ends a batch by its size when the stream fills it before the window', () => {
    // Act
    const outcome = batchOutcome({ batchSize: 1000, windowSeconds: 20 }, stream, limits);

    // Assert: 1000 messages at 100/s take 10 s
    expect(outcome.trigger).toBe('batch size');
    expect(outcome.secondsPerBatch).toBe(10);
    expect(outcome.messagesPerBatch).toBe(1000);
    expect(outcome.objectsPerDay).toBe(8641);
    expect(outcome.objectBytes).toBe(50_000);
    expect(outcome.worstDelaySeconds).toBeCloseTo(10 + (1000 * 0.01 + 40) / 1000, 10);
  });

  it('ends a batch by its window when the stream is too quiet to fill it', () => {
    // Act
    const outcome = batchOutcome({ batchSize: 1000, windowSeconds: 20 }, quiet, limits);

    // Assert
    expect(outcome.trigger).toBe('window');
    expect(outcome.messagesPerBatch).toBe(200);
    expect(outcome.objectsPerDay).toBe(86_400 / 20 + 1);
  });

  it('ends a batch at the 6 MB payload before a large batch size or window is reached', () => {
    // Act
    const outcome = batchOutcome({ batchSize: 10_000, windowSeconds: 120 }, stream, limits);

    // Assert
    expect(outcome.trigger).toBe('payload');
    expect(outcome.messagesPerBatch).toBe(Math.floor(LAMBDA_PAYLOAD_BYTES / 2048));
    expect(outcome.keepsPayloadMargin).toBe(false);
  });

  it('fails the freshness margin when the window takes more than a quarter of the objective', () => {
    // Act
    const outcome = batchOutcome({ batchSize: 10_000, windowSeconds: 80 }, { ...quiet, messageBytes: 100 }, limits);

    // Assert
    expect(outcome.trigger).toBe('window');
    expect(outcome.keepsFreshness).toBe(false);
    expect(keepsLimits(outcome)).toBe(false);
  });

  it('picks the setting with the fewest objects among those that keep every limit', () => {
    // Prepare: 10,000 messages of 2 KB are 20 MB, far over the payload margin
    const candidates = [
      { batchSize: 1000, windowSeconds: 10 },
      { batchSize: 1500, windowSeconds: 30 },
      { batchSize: 1500, windowSeconds: 60 },
      { batchSize: 10_000, windowSeconds: 60 },
    ];

    // Act
    const best = bestBatchSetting(candidates, stream, quiet, limits);

    // Assert: both 1500s fill in 15 s at 100/s; the longer window makes fewer objects at 10/s
    expect(best).toEqual({ batchSize: 1500, windowSeconds: 60 });
  });

  it('answers no setting when none keeps the limits', () => {
    expect(bestBatchSetting([{ batchSize: 10_000, windowSeconds: 60 }], stream, quiet, limits)).toBeUndefined();
  });

  it('refuses settings the event source mapping does not accept', () => {
    expect(() => checkBatchSetting({ batchSize: 10_001, windowSeconds: 10 })).toThrow('batch size');
    expect(() => checkBatchSetting({ batchSize: 100, windowSeconds: 301 })).toThrow('batching window');
    expect(() => checkBatchSetting({ batchSize: 100, windowSeconds: 0 })).toThrow('at least 1 s');
  });
});
