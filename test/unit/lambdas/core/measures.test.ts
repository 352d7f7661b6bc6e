import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../../lambdas/core/dataset';
import {
  isMeasureFunction,
  MEASURE_COLUMN_TYPES,
  MEASURE_FUNCTIONS,
  measureKey,
  measureProblems,
  measureText,
  PERIOD_KEY,
  ROW_COUNT,
} from '../../../../lambdas/core/measures';

const column = (name: string, type: ColumnType, measures: readonly string[] = [], groupable = false) => ({
  name,
  type,
  groupable,
  measures,
});

describe('measure names', () => {
  it('keys a measure in an aggregate row as fn_column and names it in a request as fn:column', () => {
    // Act
    const names = [measureKey('count_distinct', 'flight_id'), measureText('count_distinct', 'flight_id'), ROW_COUNT, PERIOD_KEY];

    // Assert
    expect(names).toEqual(['count_distinct_flight_id', 'count_distinct:flight_id', 'count', 'period']);
  });

  it('knows exactly the five measure functions over a column', () => {
    // Act
    const known = ['sum', 'avg', 'min', 'max', 'count_distinct', 'count', 'median', ''].filter(isMeasureFunction);

    // Assert
    expect(known).toEqual(['sum', 'avg', 'min', 'max', 'count_distinct']);
    expect(MEASURE_FUNCTIONS).toEqual(known);
  });

  it('sums and averages numbers, takes min and max of ordered values, counts distinct values of any type', () => {
    // Act
    const types = MEASURE_COLUMN_TYPES;

    // Assert
    expect(types).toEqual({
      sum: ['int', 'bigint', 'double'],
      avg: ['int', 'bigint', 'double'],
      min: ['int', 'bigint', 'double', 'string', 'date', 'timestamp'],
      max: ['int', 'bigint', 'double', 'string', 'date', 'timestamp'],
      count_distinct: ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'],
    });
  });
});

describe('measureProblems', () => {
  it('finds nothing wrong with allowed measures and groups whose names are free', () => {
    // Act
    const problems = measureProblems([
      column('n', 'int', ['sum', 'avg', 'min', 'max', 'count_distinct'], true),
      column('s', 'string', ['min', 'max', 'count_distinct'], true),
      column('b', 'boolean', ['count_distinct'], true),
    ]);

    // Assert
    expect(problems).toEqual([]);
  });

  it('names an unknown measure and lists the known ones', () => {
    // Act
    const problems = measureProblems([column('n', 'int', ['median'])]);

    // Assert
    expect(problems).toEqual(['column "n" has unknown measure "median"; measures: sum, avg, min, max, count_distinct']);
  });

  it('refuses a measure the column type does not allow', () => {
    // Act
    const problems = measureProblems([column('s', 'string', ['sum', 'avg']), column('b', 'boolean', ['max'])]);

    // Assert
    expect(problems).toEqual([
      'column "s" of type string cannot have measure "sum"',
      'column "s" of type string cannot have measure "avg"',
      'column "b" of type boolean cannot have measure "max"',
    ]);
  });

  it('refuses a measure listed twice on one column, but not the same measure on two columns', () => {
    // Act
    const problems = measureProblems([column('n', 'int', ['sum', 'min', 'sum']), column('m', 'int', ['sum', 'min'])]);

    // Assert
    expect(problems).toEqual(['column "n" lists measure "sum" twice']);
  });

  it('refuses a group column named count, period or the key of a measure, but not a plain column so named', () => {
    // Act
    const problems = measureProblems([
      column('count', 'int', [], true),
      column('period', 'string', [], true),
      column('n', 'int', ['avg']),
      column('avg_n', 'double', [], true),
      column('sum_n', 'int', [], true),
      column('min_n', 'int'),
    ]);

    // Assert
    expect(problems).toEqual([
      'groupable column "count" has the name of a measure or of "period" in aggregate rows',
      'groupable column "period" has the name of a measure or of "period" in aggregate rows',
      'groupable column "avg_n" has the name of a measure or of "period" in aggregate rows',
    ]);
  });

  it('does not reserve the key of a measure that was refused', () => {
    // Act
    const problems = measureProblems([column('s', 'string', ['sum']), column('sum_s', 'int', [], true)]);

    // Assert
    expect(problems).toEqual(['column "s" of type string cannot have measure "sum"']);
  });
});
