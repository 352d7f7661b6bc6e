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
