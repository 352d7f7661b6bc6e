import { describe, expect, it } from 'vitest';
import { describeJsonValue, exactIntegerOf, toLakeValue } from '../../../../lambdas/core/column-value';
import type { ColumnType } from '../../../../lambdas/core/dataset';
import { ExactNumber } from '../../../../lambdas/core/exact-json';

describe('toLakeValue', () => {
  it.each<[ColumnType, unknown, unknown]>([
    ['string', 'Zoë 🛫', 'Zoë 🛫'],
    ['string', '', ''],
    ['boolean', true, true],
    ['boolean', false, false],
    ['double', 1.5, 1.5],
    ['double', -0.000001, -0.000001],
    ['double', new ExactNumber('1.5e2'), 150],
    ['int', 7, 7],
    ['int', 2147483647, 2147483647],
    ['int', -2147483648, -2147483648],
    ['int', new ExactNumber('2e3'), 2000],
    ['int', new ExactNumber('2147483647'), 2147483647],
    ['int', new ExactNumber('-2147483648'), -2147483648],
    ['bigint', 9007199254740991, 9007199254740991],
    ['bigint', 2 ** 60, 1152921504606846976n],
    ['bigint', new ExactNumber('9007199254740993'), 9007199254740993n],
    ['bigint', new ExactNumber('9223372036854775807'), 9223372036854775807n],
    ['bigint', new ExactNumber('-9223372036854775808'), -9223372036854775808n],
    ['bigint', new ExactNumber('1.2345678901234567e16'), 12345678901234567n],
    ['date', '2024-02-29', '2024-02-29'],
    ['timestamp', '2025-01-31T10:00:00+01:00', '2025-01-31 09:00:00.000'],
    ['timestamp', '2025-01-31T10:00:00.123456Z', '2025-01-31 10:00:00.123'],
  ])('stores a %s column given %o as the lake value %o', (type, value, expected) => {
    // Act
    const result = toLakeValue(type, value);

    // Assert
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each<[ColumnType, unknown, string]>([
    ['string', 5, 'expected a string, received number 5'],
    ['string', 'x\ud800', 'contains a lone UTF-16 surrogate (not valid Unicode)'],
    ['boolean', 'true', 'expected a boolean (true or false), received string "true"'],
    ['boolean', 0, 'expected a boolean (true or false), received number 0'],
    ['double', '1.5', 'expected a number, received string "1.5"'],
    ['double', new ExactNumber('1e400'), 'number 1e400 is not finite'],
    ['double', Number.POSITIVE_INFINITY, 'number Infinity is not finite'],
    ['int', 1.5, 'expected an integer, received number 1.5'],
    ['int', 2147483648, 'integer 2147483648 is outside the int range [-2147483648, 2147483647]'],
    ['int', -2147483649, 'integer -2147483649 is outside the int range [-2147483648, 2147483647]'],
    ['int', new ExactNumber('2147483648'), 'integer 2147483648 is outside the int range [-2147483648, 2147483647]'],
    ['int', new ExactNumber('-2147483649'), 'integer -2147483649 is outside the int range [-2147483648, 2147483647]'],
    ['int', new ExactNumber('1.5e0'), 'expected an integer, received number 1.5e0'],
    ['int', true, 'expected an integer (int), received boolean true'],
    ['bigint', '7', 'expected an integer (bigint), received string "7"'],
    ['bigint', 1e19, 'integer 10000000000000000000 is outside the bigint range [-9223372036854775808, 9223372036854775807]'],
    [
      'bigint',
      new ExactNumber('9223372036854775808'),
      'integer 9223372036854775808 is outside the bigint range [-9223372036854775808, 9223372036854775807]',
    ],
    [
      'bigint',
      new ExactNumber('-9223372036854775809'),
      'integer -9223372036854775809 is outside the bigint range [-9223372036854775808, 9223372036854775807]',
    ],
    ['date', 20250101, 'expected a date string YYYY-MM-DD, received number 20250101'],
    ['date', '2025-02-29', '"2025-02-29" is not a calendar date YYYY-MM-DD'],
    ['timestamp', 1738317600000, 'expected an ISO-8601 timestamp string with a zone, received number 1738317600000'],
    ['timestamp', '2025-01-31T10:00:00', 'expected an ISO-8601 timestamp with a zone (Z or ±hh:mm), e.g. 2025-01-31T23:59:59.123Z'],
  ])('refuses for a %s column the value %o, saying %j', (type, value, message) => {
    // Act
    const result = toLakeValue(type, value);

    // Assert
    expect(result).toEqual({ ok: false, message });
  });
});

describe('exactIntegerOf', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['-0', 0n],
    ['0.000', 0n],
    ['0e-5', 0n],
    ['42', 42n],
    ['-42', -42n],
    ['1.0', 1n],
    ['2e3', 2000n],
    ['2E+3', 2000n],
    ['1.50e1', 15n],
    ['-120e-1', -12n],
    ['100e-2', 1n],
    ['120000000000000000000e-2', 1200000000000000000n],
    ['9007199254740993', 9007199254740993n],
    ['00012', 12n],
  ])('reads %s as the integer %s', (token, expected) => {
    // Act / Assert
    expect(exactIntegerOf(token)).toBe(expected);
  });

  it.each(['1.5', '0.001', '5e-3', '1000e-5', '100e-4', '-12e-1', '9007199254740993.5', 'abc', '', '1.', '.5', '1e'])(
    'gives no integer for %j',
    (token) => {
      // Act / Assert
      expect(exactIntegerOf(token)).toBeUndefined();
    },
  );

  it('reads a huge exponent as an integer beyond every range, without writing out its digits', () => {
    // Act
    const huge = exactIntegerOf('1e999999999999');
    const hugeNegative = exactIntegerOf('-1e999999999999');

    // Assert
    expect(huge !== undefined && huge > 2n ** 63n).toBe(true);
    expect(hugeNegative !== undefined && hugeNegative < -(2n ** 63n)).toBe(true);
  });
});

describe('describeJsonValue', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [[1, 2], 'array'],
    [new ExactNumber('9007199254740993'), 'number 9007199254740993'],
    ['abc', 'string "abc"'],
    ['a"b', 'string "a\\"b"'],
    ['x'.repeat(40), `string "${'x'.repeat(40)}"`],
    ['x'.repeat(41), `string "${'x'.repeat(40)}…"`],
    [1.5, 'number 1.5'],
    [true, 'boolean true'],
    [false, 'boolean false'],
    [{ a: 1 }, 'object'],
    [undefined, 'undefined'],
    [10n, 'bigint'],
  ])('names %o as %j', (value, expected) => {
    // Act / Assert
    expect(describeJsonValue(value)).toBe(expected);
  });
});
