import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIGINT_FILTER_PATTERN, parseIsoTimestamp, parseSqlParameter } from '../../../../lambdas/core/sql-parameter';
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
