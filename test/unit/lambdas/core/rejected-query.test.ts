import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { buildRejectedDailyQuery, buildRejectedQuery } from '../../../../lambdas/core/rejected-query';

const RANGE = { from: '2025-01-01', to: '2025-01-02' };
const DISTINCT_LINES =
  'SELECT "messageid", "recordindex", "reasons", "original", "receivedat", "dt" FROM (' +
  'SELECT "messageid", "recordindex", "reasons", "original", "receivedat", "dt", ROW_NUMBER() OVER (PARTITION BY "messageid", "recordindex" ' +
  'ORDER BY "receivedat") AS "lakeline_copy" FROM "lakeline_rejected_passengers" WHERE "dt" BETWEEN ? AND ?) WHERE "lakeline_copy" = 1';
const RANGE_PARAMETERS = [
  { type: 'string', value: '2025-01-01' },
  { type: 'string', value: '2025-01-02' },
];

describe('buildRejectedQuery', () => {
  it('selects each rejected line once, reasons as JSON, oldest received first, capped one row past the row cap', () => {
    // Act
    const query = buildRejectedQuery(passengers, RANGE, 10);

    // Assert
    expect(query.sql).toBe(
      'SELECT "messageid" AS "messageId", "recordindex" AS "recordIndex", "receivedat" AS "receivedAt", CAST("reasons" AS JSON) AS "reasons", ' +
        `"original" AS "original" FROM (${DISTINCT_LINES}) ORDER BY "receivedat" ASC, "messageid" ASC, "recordindex" ASC NULLS FIRST LIMIT 11`,
    );
    expect(query.parameters).toEqual(RANGE_PARAMETERS);
  });

  it('keeps the receive dates out of the text whatever they are', () => {
    // Act
    const query = buildRejectedQuery(passengers, { from: "2025-01-01' OR 1=1 --", to: '2025-01-02' });

    // Assert
    expect(query.sql).not.toContain('2025-01-0');
    expect(query.parameters[0]).toEqual({ type: 'string', value: "2025-01-01' OR 1=1 --" });
  });

  it('refuses a row cap that is not a positive whole number', () => {
    // Act
    const build = () => buildRejectedQuery(passengers, RANGE, 0);

    // Assert
    expect(build).toThrow(/row cap/);
  });
});

describe('buildRejectedDailyQuery', () => {
  it('counts the distinct rejected lines per receive date in date order', () => {
    // Act
    const query = buildRejectedDailyQuery(passengers, RANGE);

    // Assert
    expect(query.sql).toBe(`SELECT "dt" AS "day", COUNT(*) AS "rejected" FROM (${DISTINCT_LINES}) GROUP BY "dt" ORDER BY "dt" ASC`);
    expect(query.parameters).toEqual(RANGE_PARAMETERS);
  });
});
