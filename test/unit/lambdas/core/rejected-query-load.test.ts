import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';

describe('rejected-query module', () => {
  it('loads and names the copy number of a rejected line with the reserved lineage prefix', async () => {
    // Act: imported here, so a copy-number name that cannot be quoted fails this test rather than the file
    const { buildRejectedDailyQuery } = await import('../../../../lambdas/core/rejected-query');

    // Assert
    const { sql } = buildRejectedDailyQuery(passengers, { from: '2025-01-01', to: '2025-01-02' });
    expect(sql).toContain('ORDER BY "receivedat") AS "lakeline_copy" FROM "lakeline_rejected_passengers" WHERE "dt" BETWEEN ? AND ?) ');
    expect(sql).toContain(' WHERE "lakeline_copy" = 1) GROUP BY "dt"');
  });
});
