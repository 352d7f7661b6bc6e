import { describe, expect, it } from 'vitest';
import { isoTimestamp, typeRows, typeValue } from '../../../../lambdas/core/result-typing';

describe('result typing', () => {
  it('turns bigints into numbers only while they are exact', () => {
    // Act
    const small = typeValue('bigint', '9007199254740991');
    const big = typeValue('bigint', '9007199254740993');
    const negative = typeValue('bigint', '-9223372036854775808');

    // Assert
    expect(small).toBe(9007199254740991);
    expect(big).toBe('9007199254740993');
    expect(negative).toBe('-9223372036854775808');
  });

  it('turns lake timestamps into ISO-8601 UTC with milliseconds', () => {
    // Act
    const typed = [isoTimestamp('2025-01-10 08:00:00.123'), isoTimestamp('2025-01-10 08:00:00'), isoTimestamp('2025-01-10 08:00:00.5')];

    // Assert
    expect(typed).toEqual(['2025-01-10T08:00:00.123Z', '2025-01-10T08:00:00.000Z', '2025-01-10T08:00:00.500Z']);
  });

  it('types ints, doubles, booleans, dates and keeps nulls', () => {
    // Prepare
    const page = {
      columns: [
        { name: 'i', type: 'int' as const },
        { name: 'd', type: 'double' as const },
        { name: 'b', type: 'boolean' as const },
        { name: 'day', type: 'date' as const },
        { name: 's', type: 'string' as const },
      ],
      rows: [
        ['7', '1.0E10', 'true', '2025-01-10', null],
        [null, '-0.5', 'false', null, '12'],
      ],
    };

    // Act
    const rows = typeRows(page);

    // Assert
    expect(rows).toEqual([
      { i: 7, d: 1e10, b: true, day: '2025-01-10', s: null },
      { i: null, d: -0.5, b: false, day: null, s: '12' },
    ]);
  });
});

describe('result typing edges', () => {
  it('turns bigints into numbers down to the lowest exact one, and keeps text that is not a whole number', () => {
    // Act
    const typed = [
      typeValue('bigint', '-9007199254740991'),
      typeValue('bigint', '-9007199254740992'),
      typeValue('bigint', '-12'),
      typeValue('bigint', '1.5'),
      typeValue('bigint', 'x12'),
      typeValue('bigint', '12x'),
      typeValue('bigint', ''),
    ];

    // Assert
    expect(typed).toEqual([-9007199254740991, '-9007199254740992', -12, '1.5', 'x12', '12x', '']);
  });

  it('keeps the text of ints and doubles that are not finite numbers', () => {
    // Act
    const typed = [typeValue('int', 'abc'), typeValue('double', 'Infinity'), typeValue('double', '-Infinity'), typeValue('double', 'NaN')];

    // Assert
    expect(typed).toEqual(['abc', 'Infinity', '-Infinity', 'NaN']);
  });

  it('reads only the text true as a true boolean', () => {
    // Act
    const typed = [typeValue('boolean', 'true'), typeValue('boolean', 'TRUE'), typeValue('boolean', '1')];

    // Assert
    expect(typed).toEqual([true, false, false]);
  });

  it('types timestamps as ISO-8601, cut to milliseconds, and keeps other text unchanged', () => {
    // Act
    const typed = [
      typeValue('timestamp', '2025-01-10 08:00:00.123456789'),
      typeValue('timestamp', '2025-01-10T08:00:00.000Z'),
      isoTimestamp('2025-01-10 08:00:00.1234567890'),
      isoTimestamp('x2025-01-10 08:00:00'),
      isoTimestamp('2025-01-10 08:00:00x'),
      isoTimestamp('2025-01-10 08:00:00.'),
      isoTimestamp('2025-1-10 08:00:00'),
      isoTimestamp('2025-01-10 8:00:00'),
    ];

    // Assert
    expect(typed).toEqual([
      '2025-01-10T08:00:00.123Z',
      '2025-01-10T08:00:00.000Z',
      '2025-01-10 08:00:00.1234567890',
      'x2025-01-10 08:00:00',
      '2025-01-10 08:00:00x',
      '2025-01-10 08:00:00.',
      '2025-1-10 08:00:00',
      '2025-01-10 8:00:00',
    ]);
  });

  it('types a value missing at the end of a row as null', () => {
    // Prepare
    const page = {
      columns: [
        { name: 'a', type: 'string' as const },
        { name: 'b', type: 'bigint' as const },
      ],
      rows: [['x']],
    };

    // Act
    const rows = typeRows(page);

    // Assert
    expect(rows).toEqual([{ a: 'x', b: null }]);
  });
});
