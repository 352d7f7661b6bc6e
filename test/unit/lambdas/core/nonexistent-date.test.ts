import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { parseRecordsRequest } from '../../../../lambdas/core/request-params';
import { parseDateText, parseSqlParameter } from '../../../../lambdas/core/sql-parameter';
import { rejection } from '../../../support/http-rejection';

const NOW = new Date('2026-03-15T12:00:00Z');
const MAX_RANGE_DAYS = 1000;

describe('a date the calendar does not have', () => {
  it.each([
    ['2026-02-30', 'February 2026 has days 01 to 28'],
    ['2025-09-31', 'September 2025 has days 01 to 30'],
    ['2025-01-00', 'January 2025 has days 01 to 31'],
    ['2025-02-29', 'February 2025 has days 01 to 28'],
  ])('answers from=%s with a 400 saying the date does not exist', (from, why) => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, { from, to: '2026-03-01' }, NOW, MAX_RANGE_DAYS));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_parameter');
    expect(error.message).toBe(`parameter "from": the calendar date ${from} does not exist: ${why}`);
  });

  it('still says a text that is not YYYY-MM-DD must be one', () => {
    // Act
    const error = rejection(() => parseDateText('to', '2026-2-1'));

    // Assert
    expect(error.message).toBe('parameter "to" must be a date YYYY-MM-DD, got "2026-2-1"');
  });

  it('accepts February 29 of a leap year', () => {
    // Act
    const date = parseDateText('from', '2024-02-29');

    // Assert
    expect(date).toBe('2024-02-29');
  });

  it('says so for a date or timestamp filter too, naming the parameter', () => {
    // Act
    const dateFilter = rejection(() => parseSqlParameter('day', 'date', '2025-02-29'));
    const timestampFilter = rejection(() => parseSqlParameter('boarded_at', 'timestamp', '2025-02-29T08:00:00+05:30'));

    // Assert
    expect(dateFilter.message).toBe('parameter "day": the calendar date 2025-02-29 does not exist: February 2025 has days 01 to 28');
    expect(timestampFilter.message).toBe(
      'parameter "boarded_at": the calendar date 2025-02-29 does not exist: February 2025 has days 01 to 28',
    );
  });

  it.each([
    ['2025-01-31T10:15:00Z', '2025-01-31T10:15:00.000Z'],
    ['2025-01-31T10:15:00+05:30', '2025-01-31T04:45:00.000Z'],
    ['2025-01-31T22:15:00.25-03:00', '2025-02-01T01:15:00.250Z'],
    ['2024-02-29T23:00:00-02:00', '2024-03-01T01:00:00.000Z'],
    ['0050-06-15T10:00:00Z', '0050-06-15T10:00:00.000Z'],
  ])('reads the timestamp filter %s as the instant %s', (text, instant) => {
    // Act
    const parameter = parseSqlParameter('boarded_at', 'timestamp', text);

    // Assert
    expect(parameter).toEqual({ type: 'timestamp', value: new Date(instant) });
  });
});
