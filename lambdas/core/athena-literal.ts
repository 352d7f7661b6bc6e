/**
 * Renders a typed SQL parameter as the one SQL literal Athena expects in `ExecutionParameters` (Athena substitutes
 * each value as a literal: strings must be quoted, with embedded quotes doubled). Values are emitted from their
 * parsed form, never from the request text.
 */
import type { SqlParameter } from '../adapters/query-engine';
import { formatLakeTimestamp } from './lake-value-format';
import { quoteString } from './records-query';

export function athenaLiteral(parameter: SqlParameter): string {
  switch (parameter.type) {
    case 'string':
      return quoteString(parameter.value);
    case 'int':
      if (!Number.isSafeInteger(parameter.value)) throw new Error('int parameter is not an integer');
      return parameter.value.toString(10);
    case 'bigint':
      return parameter.value.toString(10);
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
