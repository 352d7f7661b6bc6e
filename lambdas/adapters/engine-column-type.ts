import type { ColumnType } from '../core/dataset';

/** Maps engine type names (Athena/Trino and DuckDB spellings) to dataset column types; unknown types read as strings. */
export function columnTypeFromEngineType(engineType: string): ColumnType {
  const normalized = engineType.trim().toLowerCase();
  if (normalized === 'integer' || normalized === 'int' || normalized === 'smallint' || normalized === 'tinyint') return 'int';
  if (normalized === 'bigint') return 'bigint';
  if (normalized === 'double' || normalized === 'float' || normalized === 'real') return 'double';
  if (normalized === 'boolean') return 'boolean';
  if (normalized === 'date') return 'date';
  if (normalized.startsWith('timestamp')) return 'timestamp';
  return 'string';
}
