import { describe, expect, it } from 'vitest';

describe('sql-parameter module', () => {
  it('builds a valid bigint filter pattern when it loads', async () => {
    // Act: imported here, so a pattern that is no valid regular expression fails this test rather than the file
    const { BIGINT_FILTER_PATTERN } = await import('../../../../lambdas/core/sql-parameter');

    // Assert
    const pattern = new RegExp(BIGINT_FILTER_PATTERN);
    expect(['-9223372036854775808', '0', '9223372036854775807'].map((text) => pattern.test(text))).toEqual([true, true, true]);
  });
});
