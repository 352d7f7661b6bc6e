/**
 * Renders a typed SQL parameter as the one SQL literal Athena expects in `ExecutionParameters` (Athena substitutes
 * each value as a literal: strings must be quoted, with embedded quotes doubled). Values are emitted from their
 * parsed form, never from the request text.
 * Execution parameters: https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
 * Literal forms (`DOUBLE '10.3'`, `DATE '2001-08-22'`, BIGINT range): https://trino.io/docs/current/language/types.html
 */

import { INTEGER_RANGES } from '../core/dataset';
import { formatLakeTimestamp } from '../core/lake-value-format';
import type { SqlParameter } from '../core/ports/query-engine';
import { quoteString } from '../core/sql-text';

export function athenaLiteral(parameter: SqlParameter): string {
  switch (parameter.type) {
    case 'string':
      return quoteString(parameter.value);
    case 'int':
      if (!Number.isSafeInteger(parameter.value)) throw new Error('int parameter is not an integer');
      return parameter.value.toString(10);
    case 'bigint':
      if (parameter.value < INTEGER_RANGES.bigint.min || parameter.value > INTEGER_RANGES.bigint.max)
        throw new Error('bigint parameter is outside the signed 64-bit range');
      // A bare `-9223372036854775808` is unary minus applied to 2^63, which is no bigint, so Trino refuses it; the
      // typed literal is read as the string cast to BIGINT and covers the whole range.
      return `BIGINT ${quoteString(parameter.value.toString(10))}`;
    case 'double':
      if (!Number.isFinite(parameter.value)) throw new Error('double parameter is not finite');
      return `DOUBLE ${quoteString(parameter.value.toString())}`;
    case 'boolean':
      return parameter.value ? 'true' : 'false';
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(parameter.value)) throw new Error('date parameter is not YYYY-MM-DD');
      return `DATE ${quoteString(parameter.value)}`;
    case 'timestamp':
      return `TIMESTAMP ${quoteString(formatLakeTimestamp(parameter.value))}`;
  }
}
