import { describe, expect, it } from 'vitest';
import {
  checkCompactionLag,
  DEFAULT_COMPACTION_LAG_HOURS,
  daysToCompact,
  isClosedDay,
  needsCompactionRequest,
} from '../../../../lambdas/core/compaction-plan';

describe('isClosedDay', () => {
  it('closes a day exactly the lag after it ends (UTC)', () => {
    // Act
    const [before, at] = [
      isClosedDay('2025-01-30', new Date('2025-01-31T02:59:59.999Z'), DEFAULT_COMPACTION_LAG_HOURS),
      isClosedDay('2025-01-30', new Date('2025-01-31T03:00:00.000Z'), DEFAULT_COMPACTION_LAG_HOURS),
    ];

    // Assert
    expect([before, at]).toEqual([false, true]);
  });

  it('closes a day at its end with no lag, and never closes today', () => {
    // Act
    const [atEnd, today] = [
      isClosedDay('2025-01-30', new Date('2025-01-31T00:00:00.000Z'), 0),
      isClosedDay('2025-01-31', new Date('2025-01-31T23:59:59.999Z'), 0),
    ];

    // Assert
    expect([atEnd, today]).toEqual([true, false]);
  });
});

describe('checkCompactionLag', () => {
  it.each([0, 3, 168])('accepts %s hours', (lag) => {
    // Act
    const check = () => checkCompactionLag(lag);

    // Assert
    expect(check).not.toThrow();
  });

  it.each([-1, 1.5, 169, Number.NaN])('refuses %s hours', (lag) => {
    // Act
    const check = () => checkCompactionLag(lag);

    // Assert
    expect(check).toThrow(/whole number of hours from 0 to 168/);
  });
});

describe('daysToCompact', () => {
  const now = new Date('2025-02-01T04:00:00Z');

  it('compacts the closed raw days never compacted, ascending, and leaves open days for later', () => {
    // Act
    const due = daysToCompact({
      rawDays: ['2025-02-01', '2025-01-31', '2025-01-29', '2025-01-30'],
      compactedDays: ['2025-01-30'],
      requestedDays: [],
      now,
      lagHours: 3,
    });

    // Assert
    expect(due).toEqual(['2025-01-29', '2025-01-31']);
  });

  it('compacts a compacted day again when it was requested, each day once', () => {
    // Act
    const due = daysToCompact({
      rawDays: ['2025-01-29', '2025-01-30'],
      compactedDays: ['2025-01-29', '2025-01-30'],
      requestedDays: ['2025-01-30', '2025-01-30', '2025-02-01'],
      now,
      lagHours: 3,
    });

    // Assert
    expect(due).toEqual(['2025-01-30']);
  });

  it('waits for the lag before compacting a day that just ended', () => {
    // Act
    const due = daysToCompact({ rawDays: ['2025-01-31'], compactedDays: [], requestedDays: [], now, lagHours: 5 });

    // Assert
    expect(due).toEqual([]);
  });
});

describe('needsCompactionRequest', () => {
  it('asks for a request only once the day has ended (UTC), whatever the lag', () => {
    // Act
    const answers = [
      needsCompactionRequest('2025-01-30', new Date('2025-01-30T23:59:59.999Z')),
      needsCompactionRequest('2025-01-30', new Date('2025-01-31T00:00:00.000Z')),
      needsCompactionRequest('2025-01-31', new Date('2025-01-30T12:00:00.000Z')),
    ];

    // Assert
    expect(answers).toEqual([false, true, false]);
  });
});

describe('checkCompactionLag message', () => {
  it('names the lag it refuses', () => {
    // Act
    const check = () => checkCompactionLag(200);

    // Assert
    expect(check).toThrow(new Error('the compaction lag must be a whole number of hours from 0 to 168, got 200'));
  });
});

describe('daysToCompact requests', () => {
  it('compacts a requested day that has no raw objects left, and waits for a requested day to close', () => {
    // Act
    const due = daysToCompact({
      rawDays: [],
      compactedDays: [],
      requestedDays: ['2025-01-31', '2025-01-20'],
      now: new Date('2025-02-01T02:00:00Z'),
      lagHours: DEFAULT_COMPACTION_LAG_HOURS,
    });

    // Assert
    expect(due).toEqual(['2025-01-20']);
  });
});
