import { describe, expect, it } from 'vitest';
import { NO_COMPACTED_DAYS } from '../../../../../lambdas/core/ports/compaction-catalog';

describe('compaction catalog port', () => {
  it('reads no compacted day from a lake without a catalog', async () => {
    // Act
    const days = await NO_COMPACTED_DAYS.compactedDays('passengers', '0000-01-01', '9999-12-31');

    // Assert
    expect(days).toEqual([]);
  });
});
