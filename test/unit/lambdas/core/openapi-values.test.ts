import { describe, expect, it } from 'vitest';
import type { ColumnDefinition, ColumnType } from '../../../../lambdas/core/dataset';
import { columnSchema, DATE_SCHEMA, filterSchema, pascal, ref } from '../../../../lambdas/core/openapi-values';
import { BIGINT_FILTER_PATTERN, DATE_PATTERN, TIMESTAMP_FILTER_PATTERN } from '../../../../lambdas/core/sql-parameter';

function column(type: ColumnType): ColumnDefinition {
  return { name: `a_${type}`, type, description: `A ${type}.`, required: false, filterable: true, groupable: false, measures: [] };
}

describe('OpenAPI value schemas', () => {
  it('names a component schema by reference and a dataset in PascalCase', () => {
    // Act
    const reference = ref('PassengersPage');
    const names = ['passengers', 'smoke_checks', 'a_2b_c3', 'already_Upper'].map(pascal);

    // Assert
    expect(reference).toStrictEqual({ $ref: '#/components/schemas/PassengersPage' });
    expect(names).toEqual(['Passengers', 'SmokeChecks', 'A2bC3', 'Already_Upper']);
  });

  it('types a filter parameter of each column type exactly as the server accepts it', () => {
    // Act
    const schemas = Object.fromEntries(
      (['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const).map((type) => [type, filterSchema(type)]),
    );

    // Assert
    expect(schemas).toStrictEqual({
      string: {
        type: 'string',
        maxLength: 500,
        description: 'At most 500 characters, counted in Unicode code points; valid Unicode (no lone UTF-16 surrogate).',
      },
      int: { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 },
      bigint: {
        type: 'string',
        pattern: BIGINT_FILTER_PATTERN,
        description: 'Base-10 integer from -9223372036854775808 to 9223372036854775807, without a leading zero or "+".',
      },
      double: { type: 'number', format: 'double' },
      boolean: { type: 'boolean' },
      date: { type: 'string', format: 'date', pattern: DATE_PATTERN },
      timestamp: {
        type: 'string',
        format: 'date-time',
        pattern: TIMESTAMP_FILTER_PATTERN,
        description: 'RFC 3339 with seconds and a zone (Z or ±HH:MM), at most millisecond precision: 2025-01-31T10:15:00Z.',
      },
    });
    expect(DATE_SCHEMA).toStrictEqual({ type: 'string', format: 'date', pattern: DATE_PATTERN });
  });

  it('types a row value of each column type as nullable, a bigint as an integer or, beyond 2^53, a nullable string', () => {
    // Act
    const schemas = Object.fromEntries(
      (['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const).map((type) => [type, columnSchema(column(type))]),
    );

    // Assert
    expect(schemas).toStrictEqual({
      string: { type: 'string', nullable: true, description: 'A string.' },
      int: { type: 'integer', format: 'int32', nullable: true, description: 'A int.' },
      bigint: {
        oneOf: [
          { type: 'integer', format: 'int64' },
          { type: 'string', pattern: '^-?\\d+$', nullable: true },
        ],
        description: 'A bigint.',
      },
      double: { type: 'number', format: 'double', nullable: true, description: 'A double.' },
      boolean: { type: 'boolean', nullable: true, description: 'A boolean.' },
      date: { type: 'string', format: 'date', nullable: true, description: 'A date.' },
      timestamp: { type: 'string', format: 'date-time', nullable: true, description: 'A timestamp.' },
    });
  });
});
