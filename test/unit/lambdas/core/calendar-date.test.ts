import { describe, expect, it } from 'vitest';
import {
  calendarDateProblem,
  FILTER_TIMESTAMP_RULE,
  LAKE_TIMESTAMP_RULE,
  parseZonedTimestamp,
} from '../../../../lambdas/core/lake-value-format';

describe('calendarDateProblem', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'])('finds no problem with the real date %s', (text) => {
    // Act
    const problem = calendarDateProblem(text);

    // Assert
    expect(problem).toBeUndefined();
  });

  it.each([
    ['2026-02-30', 'the calendar date 2026-02-30 does not exist: February 2026 has days 01 to 28'],
    ['2025-02-29', 'the calendar date 2025-02-29 does not exist: February 2025 has days 01 to 28'],
    ['1900-02-29', 'the calendar date 1900-02-29 does not exist: February 1900 has days 01 to 28'],
    ['2025-09-31', 'the calendar date 2025-09-31 does not exist: September 2025 has days 01 to 30'],
    ['2025-01-00', 'the calendar date 2025-01-00 does not exist: January 2025 has days 01 to 31'],
    ['2025-13-01', 'the calendar date 2025-13-01 does not exist: months run from 01 to 12'],
    ['0000-01-01', 'the calendar date 0000-01-01 does not exist: years run from 0001 to 9999'],
  ])('says the well-formed %s does not exist, and why', (text, message) => {
    // Act
    const problem = calendarDateProblem(text);

    // Assert
    expect(problem).toEqual({ malformed: false, message });
  });

  it.each(['2025-1-1', '2025/01/01', '2025-01-31T00:00:00Z', '', 'x2025-01-31', '12025-01-31', '2025-001-31', '2025-01-311'])(
    'calls %j malformed',
    (text) => {
      // Act
      const problem = calendarDateProblem(text);

      // Assert
      expect(problem).toEqual({ malformed: true });
    },
  );
});

describe('parseZonedTimestamp under the filter rule', () => {
  it.each([
    ['2025-01-31T10:15:00Z', '2025-01-31 10:15:00.000'],
    ['2025-01-31T10:15:00.5Z', '2025-01-31 10:15:00.500'],
    ['2025-01-31T10:15:00+05:30', '2025-01-31 04:45:00.000'],
    ['2025-01-31T22:15:00.123-03:00', '2025-02-01 01:15:00.123'],
    ['2025-01-01T00:30:00-00:30', '2025-01-01 01:00:00.000'],
    ['2024-02-29T12:00:00Z', '2024-02-29 12:00:00.000'],
  ])('reads %s as the UTC lake value %s', (text, lakeValue) => {
    // Act
    const parsed = parseZonedTimestamp(text, FILTER_TIMESTAMP_RULE);

    // Assert
    expect(parsed).toEqual({ ok: true, lakeValue, date: lakeValue.slice(0, 10) });
  });

  it('says a timestamp on a day the calendar does not have names a date that does not exist', () => {
    // Act
    const parsed = parseZonedTimestamp('2025-02-29T12:00:00Z', FILTER_TIMESTAMP_RULE);

    // Assert
    expect(parsed).toEqual({
      ok: false,
      message: 'the calendar date 2025-02-29 does not exist: February 2025 has days 01 to 28',
      dateDoesNotExist: true,
    });
  });

  it.each(['2025-01-31T10:15Z', '2025-01-31T10:15:00.1234Z'])(
    'refuses %s, which the lake rule takes (no seconds, or finer than milliseconds)',
    (text) => {
      // Act
      const asFilter = parseZonedTimestamp(text, FILTER_TIMESTAMP_RULE);
      const asLakeValue = parseZonedTimestamp(text, LAKE_TIMESTAMP_RULE);

      // Assert
      expect(asFilter.ok).toBe(false);
      expect(asLakeValue.ok).toBe(true);
    },
  );
});
