import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLakeTimestamp, isCalendarDate, parseZonedTimestamp, utcDateOf } from '../../../../lambdas/core/lake-value-format';
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
