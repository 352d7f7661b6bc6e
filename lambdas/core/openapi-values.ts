/** JSON schemas of column values in the OpenAPI document: as a response row holds them, and as a filter parameter takes them. */
import { type ColumnDefinition, type ColumnType, INTEGER_RANGES } from './dataset';
import { BIGINT_FILTER_PATTERN, DATE_PATTERN, MAX_STRING_PARAMETER_LENGTH, TIMESTAMP_FILTER_PATTERN } from './sql-parameter';

export type Schema = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

export const DATE_SCHEMA: Schema = { type: 'string', format: 'date', pattern: DATE_PATTERN };

/** JSON schema of a column's value in a response row (bigints beyond 2^53 arrive as strings). */
function valueSchema(type: ColumnType): Schema {
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'int':
      return { type: 'integer', format: 'int32' };
    case 'bigint':
      return {
        oneOf: [
          { type: 'integer', format: 'int64' },
          { type: 'string', pattern: '^-?\\d+$' },
        ],
      };
    case 'double':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
  }
}

/**
 * JSON schema of a filter parameter's text: exactly what the server accepts (test/unit/lambdas/core/openapi-limits.test.ts
 * checks each limit at its boundary from both sides).
 */
export function filterSchema(type: ColumnType): Schema {
  switch (type) {
    case 'string':
      return {
        type: 'string',
        maxLength: MAX_STRING_PARAMETER_LENGTH,
        description: `At most ${MAX_STRING_PARAMETER_LENGTH} characters, counted in Unicode code points; valid Unicode (no lone UTF-16 surrogate).`,
      };
    case 'int':
      return {
        type: 'integer',
        format: 'int32',
        minimum: Number(INTEGER_RANGES.int.min),
        maximum: Number(INTEGER_RANGES.int.max),
      };
    case 'bigint':
      return {
        type: 'string',
        pattern: BIGINT_FILTER_PATTERN,
        description: `Base-10 integer from ${INTEGER_RANGES.bigint.min} to ${INTEGER_RANGES.bigint.max}, without a leading zero or "+".`,
      };
    case 'date':
      return DATE_SCHEMA;
    case 'timestamp':
      return {
        type: 'string',
        format: 'date-time',
        pattern: TIMESTAMP_FILTER_PATTERN,
        description: 'RFC 3339 with seconds and a zone (Z or ±HH:MM), at most millisecond precision: 2025-01-31T10:15:00Z.',
      };
    default:
      return valueSchema(type);
  }
}

/** A row value may be null; OpenAPI 3.0 says so with `nullable` beside a `type`, so a oneOf gets it on its string branch. */
export function columnSchema(column: ColumnDefinition): Schema {
  const schema = valueSchema(column.type);
  const branches = schema.oneOf as Schema[] | undefined;
  if (branches === undefined) return { ...schema, nullable: true, description: column.description };
  return {
    oneOf: branches.map((branch) => (branch.type === 'string' ? { ...branch, nullable: true } : branch)),
    description: column.description,
  };
}
