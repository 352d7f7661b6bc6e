import { describe, expect, it } from 'vitest';
import { checkResultReuseMaxAge, MAX_RESULT_REUSE_MINUTES, resultReuseFor } from '../../../../lambdas/core/result-reuse';
import { LAKELINE_SLO } from '../../../../lib/slo';

const NOW = new Date('2025-01-31T15:00:00Z');

describe('resultReuseFor', () => {
  it('reuses a result at most the configured age old when the whole range lies in days that ended before today', () => {
    // Act
    const reuse = resultReuseFor({ from: '2025-01-10', to: '2025-01-30' }, NOW, 5);

    // Assert
    expect(reuse).toEqual({ maxAgeMinutes: 5 });
  });

  it('never reuses a result for a range that includes today', () => {
    // Act
    const reuse = resultReuseFor({ from: '2025-01-25', to: '2025-01-31' }, NOW, 5);

    // Assert
    expect(reuse).toBeUndefined();
  });

  it('never reuses a result for a range that reaches into the future', () => {
    // Act
    const reuse = resultReuseFor({ from: '2025-02-01', to: '2025-02-03' }, NOW, 5);

    // Assert
    expect(reuse).toBeUndefined();
  });

  it('waits the maximum age past midnight (UTC) before reusing a day, so no result computed while it was today is reused', () => {
    // Prepare
    const range = { from: '2025-01-30', to: '2025-01-30' };

    // Act
    const justAfterMidnight = resultReuseFor(range, new Date('2025-01-31T00:00:00.000Z'), 5);
    const justBeforeAge = resultReuseFor(range, new Date('2025-01-31T00:04:59.999Z'), 5);
    const atAge = resultReuseFor(range, new Date('2025-01-31T00:05:00.000Z'), 5);

    // Assert
    expect(justAfterMidnight).toBeUndefined();
    expect(justBeforeAge).toBeUndefined();
    expect(atAge).toEqual({ maxAgeMinutes: 5 });
  });

  it('never reuses a result when the setting is 0', () => {
    // Act
    const reuse = resultReuseFor({ from: '2025-01-10', to: '2025-01-12' }, NOW, 0);

    // Assert
    expect(reuse).toBeUndefined();
  });

  it('refuses a maximum age above the freshness objective', () => {
    // Act
    const decide = () => resultReuseFor({ from: '2025-01-10', to: '2025-01-12' }, NOW, MAX_RESULT_REUSE_MINUTES + 1);

    // Assert
    expect(decide).toThrow(/freshness/);
  });

  it('caps the age at the freshness objective of the SLOs', () => {
    // Assert
    expect(MAX_RESULT_REUSE_MINUTES * 60).toBe(LAKELINE_SLO.freshness.objectiveSeconds);
  });
});

describe('checkResultReuseMaxAge', () => {
  it.each([0, 1, 5])('accepts %s minutes', (minutes) => {
    // Act
    const check = () => checkResultReuseMaxAge(minutes);

    // Assert
    expect(check).not.toThrow();
  });

  it.each([-1, 2.5, 6, Number.NaN])('refuses %s minutes, naming the setting', (minutes) => {
    // Act
    const check = () => checkResultReuseMaxAge(minutes);

    // Assert
    expect(check).toThrow(
      new Error(`RESULT_REUSE_MAX_AGE_MINUTES must be a whole number of minutes from 0 to 5 (the freshness objective), got ${minutes}`),
    );
  });

  it('names the setting it is given', () => {
    // Act
    const check = () => checkResultReuseMaxAge(9, 'resultReuseMaxAgeMinutes');

    // Assert
    expect(check).toThrow(
      new Error('resultReuseMaxAgeMinutes must be a whole number of minutes from 0 to 5 (the freshness objective), got 9'),
    );
  });
});

describe('resultReuseFor ages', () => {
  it('reuses a result younger than an age below the objective, once that age has passed since the range ended', () => {
    // Prepare
    const range = { from: '2025-01-29', to: '2025-01-30' };

    // Act
    const early = resultReuseFor(range, new Date('2025-01-31T00:00:59.999Z'), 1);
    const atAge = resultReuseFor(range, new Date('2025-01-31T00:01:00.000Z'), 1);

    // Assert
    expect([early, atAge]).toEqual([undefined, { maxAgeMinutes: 1 }]);
  });
});
