import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { createPartitionBounds, projectedRangeEnd } from '../../../../lambdas/core/partition-bounds';

function datasetWithin(partitionFutureDays: number) {
  return defineDataset({
    name: 'scans',
    description: 'Scans, for partition bound tests.',
    columns: { scanned_at: { type: 'timestamp', description: 'Scan time.', required: true } },
    partitionColumn: 'scanned_at',
    partitionStart: '2024-01-01',
    partitionFutureDays,
  });
}

const RECEIVED_AT = '2025-01-31T12:00:00.000Z';

describe('projectedRangeEnd', () => {
  it.each([
    [0, 'NOW'],
    [1, 'NOW+1DAYS'],
    [7, 'NOW+7DAYS'],
  ])('ends the projected range of a dataset with %i future days at %s', (days, expected) => {
    // Act / Assert
    expect(projectedRangeEnd(datasetWithin(days))).toBe(expected);
  });
});

describe('createPartitionBounds', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('accepts a record on the first projected day and refuses the instant before it, naming the column and dt', () => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(1));

    // Act
    const first = check('2024-01-01 00:00:00.000', '2024-01-01', RECEIVED_AT);
    const before = check('2023-12-31 23:59:59.999', '2023-12-31', RECEIVED_AT);

    // Assert
    expect(first).toBeUndefined();
    expect(before).toEqual({
      path: 'scanned_at',
      message:
        "2023-12-31 23:59:59.999 (partition dt=2023-12-31) is before the dataset's first partition 2024-01-01, which the table does not project",
    });
  });

  it('accepts with a one-day tolerance up to exactly one day after receipt, and refuses a millisecond later', () => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(1));

    // Act
    const sameDay = check('2025-01-31 23:59:59.999', '2025-01-31', RECEIVED_AT);
    const last = check('2025-02-01 12:00:00.000', '2025-02-01', RECEIVED_AT);
    const late = check('2025-02-01 12:00:00.001', '2025-02-01', RECEIVED_AT);

    // Assert
    expect(sameDay).toBeUndefined();
    expect(last).toBeUndefined();
    expect(late).toEqual({
      path: 'scanned_at',
      message:
        '2025-02-01 12:00:00.001 (partition dt=2025-02-01) is more than 1 day after the message was received (2025-01-31T12:00:00.000Z), which the table does not project',
    });
  });

  it('names a tolerance of several days in the plural', () => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(7));

    // Act
    const inside = check('2025-02-07 12:00:00.000', '2025-02-07', RECEIVED_AT);
    const late = check('2025-02-07 12:00:00.001', '2025-02-07', RECEIVED_AT);

    // Assert
    expect(inside).toBeUndefined();
    expect(late?.message).toBe(
      '2025-02-07 12:00:00.001 (partition dt=2025-02-07) is more than 7 days after the message was received (2025-01-31T12:00:00.000Z), which the table does not project',
    );
  });

  it('with no tolerance accepts a record up to the receive instant only, even on the receive date', () => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(0));

    // Act
    const atReceipt = check('2025-01-31 12:00:00.000', '2025-01-31', RECEIVED_AT);
    const laterThatDay = check('2025-01-31 12:00:00.001', '2025-01-31', RECEIVED_AT);

    // Assert
    expect(atReceipt).toBeUndefined();
    expect(laterThatDay?.message).toBe(
      '2025-01-31 12:00:00.001 (partition dt=2025-01-31) is more than 0 days after the message was received (2025-01-31T12:00:00.000Z), which the table does not project',
    );
  });

  it('compares a date partition value as its midnight', () => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(1));

    // Act
    const nextDay = check('2025-02-01', '2025-02-01', RECEIVED_AT);
    const twoDaysOn = check('2025-02-02', '2025-02-02', RECEIVED_AT);

    // Assert
    expect(nextDay).toBeUndefined();
    expect(twoDaysOn?.path).toBe('scanned_at');
  });

  it.each([
    ['the receive date', '2025-01-31 23:59:59.999', '2025-01-31'],
    ['an earlier date', '2025-01-30 12:00:00.000', '2025-01-30'],
  ])('with a tolerance of a day bounds a record on %s without date arithmetic (the hot path)', (_case, value, dt) => {
    // Prepare
    const check = createPartitionBounds(datasetWithin(1));
    const dateParse = vi.spyOn(Date, 'parse');

    // Act
    const reason = check(value, dt, RECEIVED_AT);

    // Assert
    expect(reason).toBeUndefined();
    expect(dateParse).not.toHaveBeenCalled();
  });
});
