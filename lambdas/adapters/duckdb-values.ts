/** Request values bound to DuckDB statements, and DuckDB values rendered as Athena renders them in GetQueryResults. */
import { DuckDBBlobValue, DuckDBDateValue, type DuckDBPreparedStatement, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { formatLakeTimestamp, utcDateOf } from '../core/lake-value-format';
import type { SqlParameter } from '../core/ports/query-engine';

const MS_PER_DAY = 86_400_000;

export function bindParameter(statement: DuckDBPreparedStatement, index: number, parameter: SqlParameter): void {
  switch (parameter.type) {
    case 'string':
      statement.bindVarchar(index, parameter.value);
      return;
    case 'int':
      statement.bindInteger(index, parameter.value);
      return;
    case 'bigint':
      statement.bindBigInt(index, parameter.value);
      return;
    case 'double':
      statement.bindDouble(index, parameter.value);
      return;
    case 'boolean':
      statement.bindBoolean(index, parameter.value);
      return;
    case 'date':
      statement.bindDate(index, new DuckDBDateValue(Date.parse(`${parameter.value}T00:00:00Z`) / MS_PER_DAY));
      return;
    case 'timestamp':
      statement.bindTimestamp(index, new DuckDBTimestampValue(BigInt(parameter.value.getTime()) * 1000n));
      return;
  }
}

/**
 * Strings are read as their UTF-8 bytes: the Node client decodes VARCHAR with a TextDecoder that drops a leading byte
 * order mark, and a value that starts with U+FEFF must come back as stored.
 */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Renders a DuckDB value the way Athena renders it in GetQueryResults. */
export function athenaText(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (value instanceof DuckDBBlobValue) return UTF8.decode(value.bytes);
  if (value instanceof DuckDBTimestampValue) return formatLakeTimestamp(new Date(Number(value.micros / 1000n)));
  if (value instanceof DuckDBDateValue) return utcDateOf(new Date(value.days * MS_PER_DAY));
  return String(value);
}
