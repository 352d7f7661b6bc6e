import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILTER_TIMESTAMP_RULE,
  formatLakeTimestamp,
  instantOfLakeTimestamp,
  isCalendarDate,
  parseZonedTimestamp,
  utcDateOf,
} from '../../../../lambdas/core/lake-value-format';
import { checkProperty } from '../../../support/fast-check-seed';

describe('parseZonedTimestamp', () => {
  it.each([
    ['2025-01-31T23:59:59.123Z', '2025-01-31 23:59:59.123', '2025-01-31'],
    ['2025-01-31T23:59:59Z', '2025-01-31 23:59:59.000', '2025-01-31'],
    ['2025-01-31T23:59Z', '2025-01-31 23:59:00.000', '2025-01-31'],
    ['2025-01-31T12:00:00.5+00:00', '2025-01-31 12:00:00.500', '2025-01-31'],
    ['2025-01-31T12:00:00.123456789-00:00', '2025-01-31 12:00:00.123', '2025-01-31'],
  ])('normalises the UTC timestamp %s to %s', (input, lakeValue, date) => {
    // Act
    const parsed = parseZonedTimestamp(input);

    // Assert
    expect(parsed).toEqual({ ok: true, lakeValue, date });
  });

  it.each([
    ['2025-02-01T00:30:00.000+02:00', '2025-01-31 22:30:00.000', '2025-01-31'],
    ['2025-01-31T22:30:00.000-02:00', '2025-02-01 00:30:00.000', '2025-02-01'],
    ['2024-12-31T23:00:00-05:30', '2025-01-01 04:30:00.000', '2025-01-01'],
    ['2024-03-01T01:00:00.999+14:00', '2024-02-29 11:00:00.999', '2024-02-29'],
  ])('moves %s across midnight to the UTC date', (input, lakeValue, date) => {
    // Act
    const parsed = parseZonedTimestamp(input);

    // Assert
    expect(parsed).toEqual({ ok: true, lakeValue, date });
  });

  it('agrees with Date arithmetic for any instant written with any offset', async () => {
    // Prepare
    const instants = fc.date({ min: new Date('0002-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59.999Z'), noInvalidDate: true });
    const offsets = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });

    // Act / Assert
    await checkProperty(
      fc.property(instants, offsets, (instant, offset) => {
        const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 23);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        const expected = formatLakeTimestamp(instant);
        expect(parseZonedTimestamp(`${local}${zone}`)).toEqual({ ok: true, lakeValue: expected, date: expected.slice(0, 10) });
      }),
      2000,
    );
  });

  it('handles years below 100 without shifting them to the 1900s', () => {
    // Act
    const parsed = parseZonedTimestamp('0050-06-15T10:00:00+01:00');

    // Assert
    expect(parsed).toEqual({ ok: true, lakeValue: '0050-06-15 09:00:00.000', date: '0050-06-15' });
  });

  it.each([
    ['2025-01-31T12:00:00', 'zone'],
    ['2025-01-31 12:00:00Z', 'zone'],
    ['2025-01-31', 'zone'],
    ['2025-01-31T12:00:00+0200', 'zone'],
    ['2025-02-29T12:00:00Z', 'calendar date'],
    ['2025-13-01T12:00:00Z', 'calendar date'],
    ['2025-01-31T24:00:00Z', 'time of day'],
    ['2025-01-31T12:60:00Z', 'time of day'],
    ['2025-01-31T12:00:60Z', 'time of day'],
    ['2025-01-31T12:00:00+24:00', 'offset'],
    ['0001-01-01T00:00:00+01:00', 'years'],
    ['9999-12-31T23:00:00-05:00', 'years'],
    ['', 'zone'],
  ])('rejects %j with a message about the %s', (input, topic) => {
    // Act
    const parsed = parseZonedTimestamp(input);

    // Assert
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(topic);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-29', false],
    ['2025-04-31', false],
    ['2025-00-10', false],
    ['0000-01-01', false],
    ['2025-1-1', false],
    ['2025-01-31T00:00:00Z', false],
  ])('says %s is a calendar date: %s', (input, expected) => {
    // Act / Assert
    expect(isCalendarDate(input)).toBe(expected);
  });
});

describe('formatLakeTimestamp and utcDateOf', () => {
  it('write an instant in the Hive timestamp form and its UTC date', () => {
    // Prepare
    const instant = new Date('2025-01-31T23:59:59.007Z');

    // Act / Assert
    expect(formatLakeTimestamp(instant)).toBe('2025-01-31 23:59:59.007');
    expect(utcDateOf(instant)).toBe('2025-01-31');
  });
});

describe('parseZonedTimestamp refusals', () => {
  const EXPECTED = 'expected an ISO-8601 timestamp with a zone (Z or ±hh:mm), e.g. 2025-01-31T23:59:59.123Z';

  it.each([
    ['2025-01-31T12:00:00', EXPECTED],
    ['2025-01-31T12:00:00.1234567890Z', EXPECTED],
    ['x2025-01-31T12:00:00Z', EXPECTED],
    ['2025-01-31T12:00:00Zx', EXPECTED],
    ['2025-01-31T12:00:00.Z', EXPECTED],
    ['2025-01-31T1:00:00Z', EXPECTED],
    ['2025-01-31T12:0:00Z', EXPECTED],
    ['2025-01-31T12:00:0Z', EXPECTED],
    ['2025-01-31T12:00:00+1:00', EXPECTED],
    ['2025-01-31T12:00:00+01:0', EXPECTED],
    ['2025-01-31T12:00:00*01:00', EXPECTED],
    ['2025-01-31t12:00:00Z', EXPECTED],
    ['2025-01-31T12:00:00z', EXPECTED],
    ['12025-01-31T12:00:00Z', EXPECTED],
    ['2025-1-31T12:00:00Z', EXPECTED],
    ['2025-01-1T12:00:00Z', EXPECTED],
    ['2025-01-31T24:00:00Z', '"24:00:00" is not a valid time of day'],
    ['2025-01-31T12:60Z', '"12:60:00" is not a valid time of day'],
    ['2025-01-31T12:00:60Z', '"12:00:60" is not a valid time of day'],
    ['2025-01-31T12:00:00+24:00', '"+24:00" is not a valid zone offset'],
    ['2025-01-31T12:00:00-23:60', '"-23:60" is not a valid zone offset'],
    ['0001-01-01T00:00:00+01:00', 'timestamp is outside the years 0001–9999 in UTC'],
    ['9999-12-31T23:00:00-05:00', 'timestamp is outside the years 0001–9999 in UTC'],
  ])('refuses %j saying %j', (input, message) => {
    // Act / Assert
    expect(parseZonedTimestamp(input)).toEqual({ ok: false, message });
  });

  it('names the day that does not exist and flags it as such', () => {
    // Act / Assert
    expect(parseZonedTimestamp('2025-04-31T12:00:00Z')).toEqual({
      ok: false,
      message: 'the calendar date 2025-04-31 does not exist: April 2025 has days 01 to 30',
      dateDoesNotExist: true,
    });
  });

  it('under the filter rule takes exactly milliseconds and refuses a missing second', () => {
    // Act
    const millis = parseZonedTimestamp('2025-01-31T10:15:00.123Z', FILTER_TIMESTAMP_RULE);
    const finer = parseZonedTimestamp('2025-01-31T10:15:00.1234Z', FILTER_TIMESTAMP_RULE);
    const noSeconds = parseZonedTimestamp('2025-01-31T10:15Z', FILTER_TIMESTAMP_RULE);

    // Assert
    expect(millis).toEqual({ ok: true, lakeValue: '2025-01-31 10:15:00.123', date: '2025-01-31' });
    expect(finer).toEqual({ ok: false, message: EXPECTED });
    expect(noSeconds).toEqual({ ok: false, message: EXPECTED });
  });

  it.each([
    ['2025-01-31T23:59:59.999+23:59', '2025-01-31 00:00:59.999', '2025-01-31'],
    ['2025-01-01T00:00:00+00:01', '2024-12-31 23:59:00.000', '2024-12-31'],
    ['2024-12-31T23:59:00-00:01', '2025-01-01 00:00:00.000', '2025-01-01'],
    ['2025-03-01T00:00:00+01:00', '2025-02-28 23:00:00.000', '2025-02-28'],
    ['2024-03-01T00:00:00+01:00', '2024-02-29 23:00:00.000', '2024-02-29'],
    ['2025-04-30T23:00:00-01:00', '2025-05-01 00:00:00.000', '2025-05-01'],
    ['2025-05-30T23:00:00-01:00', '2025-05-31 00:00:00.000', '2025-05-31'],
    ['0001-01-01T00:30:00+00:30', '0001-01-01 00:00:00.000', '0001-01-01'],
    ['9999-12-31T23:00:00-00:59', '9999-12-31 23:59:00.000', '9999-12-31'],
    ['2025-01-31T12:00+01:00', '2025-01-31 11:00:00.000', '2025-01-31'],
  ])('moves %s to the UTC value %s', (input, lakeValue, date) => {
    // Act / Assert
    expect(parseZonedTimestamp(input)).toEqual({ ok: true, lakeValue, date });
  });
});

describe('month lengths', () => {
  it.each([
    ['01', 'January', 31],
    ['02', 'February', 28],
    ['03', 'March', 31],
    ['04', 'April', 30],
    ['05', 'May', 31],
    ['06', 'June', 30],
    ['07', 'July', 31],
    ['08', 'August', 31],
    ['09', 'September', 30],
    ['10', 'October', 31],
    ['11', 'November', 30],
    ['12', 'December', 31],
  ])('month %s is %s with %i days in 2025', (month, name, days) => {
    // Act
    const last = isCalendarDate(`2025-${month}-${days}`);
    const after = parseZonedTimestamp(`2025-${month}-${days + 1}T00:00:00Z`);

    // Assert
    expect(last).toBe(true);
    expect(after).toEqual({
      ok: false,
      message: `the calendar date 2025-${month}-${days + 1} does not exist: ${name} 2025 has days 01 to ${days}`,
      dateDoesNotExist: true,
    });
  });

  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2100-02-29', false],
    ['2023-02-29', false],
  ])('leap day %s exists: %s', (date, expected) => {
    // Act / Assert
    expect(isCalendarDate(date)).toBe(expected);
  });
});

describe('instantOfLakeTimestamp', () => {
  it('reads a lake timestamp as the UTC instant it names', () => {
    // Act
    const instant = instantOfLakeTimestamp('2025-01-31 23:59:59.007');

    // Assert
    expect(instant.toISOString()).toBe('2025-01-31T23:59:59.007Z');
  });
});
