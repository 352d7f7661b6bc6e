import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIGINT_FILTER_PATTERN,
  DATE_PATTERN,
  parseIsoTimestamp,
  parseSqlParameter,
  positiveUpTo,
  TIMESTAMP_FILTER_PATTERN,
} from '../../../../lambdas/core/sql-parameter';
import { checkProperty } from '../../../support/fast-check-seed';
import { rejection } from '../../../support/http-rejection';

describe('parseSqlParameter', () => {
  it('parses a bigint beyond 2^53 exactly from its digits', () => {
    // Act
    const parameter = parseSqlParameter('passenger_id', 'bigint', '9223372036854775807');

    // Assert
    expect(parameter).toEqual({ type: 'bigint', value: 9223372036854775807n });
  });

  it.each(['9223372036854775808', '-9223372036854775809', '1e3', '0x10', ' 1', '1.0', '', '+1'])(
    'rejects the bigint text %j with a 400 naming the parameter',
    (text) => {
      // Act
      const error = rejection(() => parseSqlParameter('flight_id', 'bigint', text));

      // Assert
      expect(error.statusCode).toBe(400);
      expect(error.message).toContain('"flight_id"');
    },
  );

  it('parses int within 32 bits and rejects beyond', () => {
    // Act
    const inRange = parseSqlParameter('n', 'int', '-2147483648');
    const error = rejection(() => parseSqlParameter('n', 'int', '2147483648'));

    // Assert
    expect(inRange).toEqual({ type: 'int', value: -2147483648 });
    expect(error.code).toBe('invalid_parameter');
  });

  it('parses doubles and rejects non-numbers', () => {
    // Act
    const parsed = parseSqlParameter('x', 'double', '-1.5e3');
    const error = rejection(() => parseSqlParameter('x', 'double', 'NaN'));

    // Assert
    expect(parsed).toEqual({ type: 'double', value: -1500 });
    expect(error.statusCode).toBe(400);
  });

  it('accepts only the words true and false as booleans', () => {
    // Act
    const parsed = parseSqlParameter('b', 'boolean', 'false');
    const error = rejection(() => parseSqlParameter('b', 'boolean', 'TRUE'));

    // Assert
    expect(parsed).toEqual({ type: 'boolean', value: false });
    expect(error.message).toContain('"b"');
  });

  it('rejects a date that is not on the calendar', () => {
    // Act
    const error = rejection(() => parseSqlParameter('d', 'date', '2025-02-30'));

    // Assert
    expect(error.statusCode).toBe(400);
  });

  it('parses a zoned ISO timestamp into the UTC instant', () => {
    // Act
    const parameter = parseSqlParameter('t', 'timestamp', '2025-01-10T09:30:00.5+01:00');

    // Assert
    expect(parameter.type).toBe('timestamp');
    expect(parameter.value).toEqual(new Date('2025-01-10T08:30:00.500Z'));
  });

  it.each(['2025-01-10T09:30:00', '2025-01-10 09:30:00Z', '2025-01-10T09:30:00.1234Z', '2025-01-10T24:00:00Z'])(
    'rejects the timestamp text %j',
    (text) => {
      // Act
      const parsed = parseIsoTimestamp(text);

      // Assert
      expect(parsed).toBeUndefined();
    },
  );

  it('keeps string values verbatim but refuses very long ones', () => {
    // Act
    const parsed = parseSqlParameter('s', 'string', "'; --");
    const error = rejection(() => parseSqlParameter('s', 'string', 'x'.repeat(501)));

    // Assert
    expect(parsed).toEqual({ type: 'string', value: "'; --" });
    expect(error.message).toContain('"s"');
  });
});

describe('parseSqlParameter messages', () => {
  it.each([
    ['int', '1x', 'parameter "p" must be a base-10 integer from -2147483648 to 2147483647, got "1x"'],
    [
      'bigint',
      '01',
      'parameter "p" must be a base-10 integer from -9223372036854775808 to 9223372036854775807, without a leading zero or "+", got "01"',
    ],
    ['double', '1e', 'parameter "p" must be a finite decimal number, got "1e"'],
    ['boolean', 'yes', 'parameter "p" must be true or false, got "yes"'],
    ['date', '2025-2-3', 'parameter "p" must be a date YYYY-MM-DD, got "2025-2-3"'],
    ['date', '2025-02-30', 'parameter "p": the calendar date 2025-02-30 does not exist: February 2025 has days 01 to 28'],
    [
      'timestamp',
      'x',
      'parameter "p" must be an RFC 3339 timestamp with seconds, a zone and at most millisecond precision, e.g. 2025-01-31T10:15:00Z, got "x"',
    ],
    ['timestamp', '2025-02-30T00:00:00Z', 'parameter "p": the calendar date 2025-02-30 does not exist: February 2025 has days 01 to 28'],
    ['string', '\ud800', 'parameter "p" must be valid Unicode text (it contains a lone UTF-16 surrogate), got "\\ud800"'],
  ] as const)(
    'rejects the %s text %j as invalid_parameter with a message naming the parameter and what it must be',
    (type, text, message) => {
      // Act
      const error = rejection(() => parseSqlParameter('p', type, text));

      // Assert
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('invalid_parameter');
      expect(error.message).toBe(message);
    },
  );

  it('quotes only the first 64 characters of a rejected value', () => {
    // Prepare
    const text = `${'9'.repeat(64)}tail`;

    // Act
    const error = rejection(() => parseSqlParameter('n', 'int', text));

    // Assert
    expect(error.message).toBe(`parameter "n" must be a base-10 integer from -2147483648 to 2147483647, got "${'9'.repeat(64)}"`);
  });

  it('states the string limit in Unicode code points', () => {
    // Act
    const error = rejection(() => parseSqlParameter('s', 'string', 'x'.repeat(501)));

    // Assert
    expect(error.message).toBe(`parameter "s" must be a string of at most 500 characters (Unicode code points), got "${'x'.repeat(64)}"`);
  });
});

describe('parseSqlParameter values', () => {
  it('accepts a string of exactly 500 characters', () => {
    // Act
    const parsed = parseSqlParameter('s', 'string', 'x'.repeat(500));

    // Assert
    expect(parsed).toEqual({ type: 'string', value: 'x'.repeat(500) });
  });

  it('counts a string in code points: 500 astral characters pass, 501 do not', () => {
    // Prepare: each character is two UTF-16 units
    const astral = '\u{1F600}';

    // Act
    const parsed = parseSqlParameter('s', 'string', astral.repeat(500));
    const error = rejection(() => parseSqlParameter('s', 'string', astral.repeat(501)));

    // Assert
    expect(parsed).toEqual({ type: 'string', value: astral.repeat(500) });
    expect(error.code).toBe('invalid_parameter');
  });

  it('accepts both ends of the int range and nothing beyond either', () => {
    // Act
    const max = parseSqlParameter('n', 'int', '2147483647');
    const min = parseSqlParameter('n', 'int', '-2147483648');
    const below = rejection(() => parseSqlParameter('n', 'int', '-2147483649'));

    // Assert
    expect(max).toEqual({ type: 'int', value: 2147483647 });
    expect(min).toEqual({ type: 'int', value: -2147483648 });
    expect(below.code).toBe('invalid_parameter');
  });

  it('parses an int as a number, with or without a minus sign', () => {
    // Act
    const positive = parseSqlParameter('n', 'int', '42');
    const negative = parseSqlParameter('n', 'int', '-7');

    // Assert
    expect(positive).toEqual({ type: 'int', value: 42 });
    expect(negative).toEqual({ type: 'int', value: -7 });
  });

  it.each(['', '-', 'x1', '1x', '1 ', '+1', '1.0', '--1'])('rejects the int text %j', (text) => {
    // Act
    const error = rejection(() => parseSqlParameter('n', 'int', text));

    // Assert
    expect(error.code).toBe('invalid_parameter');
  });

  it.each([
    ['0', 0],
    ['-0.5', -0.5],
    ['5.', 5],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['12.75', 12.75],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e+3', 1000],
    ['25e-1', 2.5],
    ['.25', 0.25],
    ['1e10', 1e10],
  ])('parses the double text %j', (text, value) => {
    // Act
    const parsed = parseSqlParameter('x', 'double', text);

    // Assert
    expect(parsed).toEqual({ type: 'double', value });
  });

  it.each(['', ' 1', '1 ', '0x10', '0b1', 'Infinity', '-Infinity', '1e999', '.', '-', '1e', 'e3', '1.5.', '+1', 'x1', '1x', '1e3x'])(
    'rejects the double text %j',
    (text) => {
      // Act
      const error = rejection(() => parseSqlParameter('x', 'double', text));

      // Assert
      expect(error.code).toBe('invalid_parameter');
    },
  );

  it('parses the word true as true', () => {
    // Act
    const parsed = parseSqlParameter('b', 'boolean', 'true');

    // Assert
    expect(parsed).toEqual({ type: 'boolean', value: true });
  });

  it('passes a calendar date through as its text', () => {
    // Act
    const parsed = parseSqlParameter('d', 'date', '2024-02-29');

    // Assert
    expect(parsed).toEqual({ type: 'date', value: '2024-02-29' });
  });

  it('parses the bigint minimum and zero exactly', () => {
    // Act
    const min = parseSqlParameter('b', 'bigint', '-9223372036854775808');
    const zero = parseSqlParameter('b', 'bigint', '0');

    // Assert
    expect(min).toEqual({ type: 'bigint', value: -9223372036854775808n });
    expect(zero).toEqual({ type: 'bigint', value: 0n });
  });
});

describe('parseIsoTimestamp', () => {
  it('gives the UTC instant of a Z timestamp', () => {
    // Act
    const parsed = parseIsoTimestamp('2025-01-10T09:30:00Z');

    // Assert
    expect(parsed).toEqual(new Date('2025-01-10T09:30:00.000Z'));
  });
});

describe('BIGINT_FILTER_PATTERN', () => {
  const MIN = -(2n ** 63n);
  const MAX = 2n ** 63n - 1n;
  const pattern = new RegExp(BIGINT_FILTER_PATTERN);

  it('matches exactly the canonical decimal integers of the signed 64-bit range', async () => {
    // Prepare: integers around and far beyond both ends, written canonically or with a leading zero, a "+" or "-0"
    const near = (edge: bigint) => fc.bigInt({ min: edge - 1000n, max: edge + 1000n });
    const value = fc.oneof(near(MIN), near(MAX), near(0n), near(10n ** 18n), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }));
    const spelling = fc.constantFrom('canonical', 'leading-zero', 'plus', 'negative-zero');
    const property = fc.property(value, spelling, (number, how) => {
      const canonical = number.toString();
      const text =
        how === 'leading-zero'
          ? canonical.replace(/^(-?)/, '$10')
          : how === 'plus'
            ? `+${canonical}`
            : how === 'negative-zero'
              ? '-0'
              : canonical;

      // Act
      const matches = pattern.test(text);

      // Assert
      expect(matches).toBe(how === 'canonical' && number >= MIN && number <= MAX);
    });

    // Act + Assert
    await checkProperty(property, 20_000);
  });
});

describe('positiveUpTo', () => {
  it.each([
    [5n, '[1-4]|5'],
    [9n, '[1-8]|9'],
    [11n, '[1-9]\\d{0,0}|10|11'],
    [20n, '[1-9]\\d{0,0}|1\\d{1}|20'],
    [305n, '[1-9]\\d{0,1}|[1-2]\\d{2}|30[0-4]|305'],
  ])('writes the integers from 1 to %s as the alternatives %s', (max, source) => {
    // Act
    const written = positiveUpTo(max);

    // Assert
    expect(written).toBe(source);
  });

  it.each([5n, 11n, 20n, 305n, 1000n])('matches exactly the canonical integers from 1 to %s', (max) => {
    // Prepare
    const pattern = new RegExp(`^(?:${positiveUpTo(max)})$`);
    const candidates = Array.from({ length: Number(max) + 20 }, (_, index) => index);

    // Act
    const matched = candidates.filter((candidate) => pattern.test(String(candidate)));

    // Assert
    expect(matched).toEqual(candidates.filter((candidate) => candidate >= 1 && candidate <= Number(max)));
  });
});

describe('documented filter patterns', () => {
  it('states a date from year 0001 as YYYY-MM-DD', () => {
    // Prepare
    const pattern = new RegExp(DATE_PATTERN);

    // Act / Assert
    expect(['0001-01-01', '2025-01-31', '9999-12-31'].map((text) => pattern.test(text))).toEqual([true, true, true]);
    expect(['0000-01-01', '2025-1-31', '2025-01-31T00:00:00Z'].map((text) => pattern.test(text))).toEqual([false, false, false]);
  });

  it('states a timestamp with seconds, a zone and at most milliseconds', () => {
    // Prepare
    const pattern = new RegExp(TIMESTAMP_FILTER_PATTERN);

    // Act / Assert
    expect(['2025-01-10T09:30:00Z', '2025-01-10T09:30:00.5+01:00'].map((text) => pattern.test(text))).toEqual([true, true]);
    expect(['2025-01-10T09:30:00', '2025-01-10T09:30Z', '2025-01-10T09:30:00.1234Z'].map((text) => pattern.test(text))).toEqual([
      false,
      false,
      false,
    ]);
  });
});
