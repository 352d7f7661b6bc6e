import { describe, expect, it } from 'vitest';
import { MAX_RESULT_REUSE_MINUTES, resultReuseFor } from '../../../../lambdas/core/result-reuse';
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
