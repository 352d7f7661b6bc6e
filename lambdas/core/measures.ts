/**
 * The measures an aggregate can compute over a column, which column types each accepts, and the key each one has in
 * an aggregate row. `count` (rows) needs no column and is always allowed; the others are granted per column by the
 * dataset definition.
 */
import type { ColumnType } from './dataset';

export const MEASURE_FUNCTIONS = ['sum', 'avg', 'min', 'max', 'count_distinct'] as const;
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number];

/** The measure of rows: `count`, always allowed, no column. */
export const ROW_COUNT = 'count';

/** The key of the time bucket in an aggregate row. */
export const PERIOD_KEY = 'period';

const NUMERIC: readonly ColumnType[] = ['int', 'bigint', 'double'];
const ORDERABLE: readonly ColumnType[] = ['int', 'bigint', 'double', 'string', 'date', 'timestamp'];

/** Column types each measure accepts: sums and averages of numbers, minimum and maximum of ordered values, distinct counts of anything. */
export const MEASURE_COLUMN_TYPES: Readonly<Record<MeasureFunction, readonly ColumnType[]>> = {
  sum: NUMERIC,
  avg: NUMERIC,
  min: ORDERABLE,
  max: ORDERABLE,
  count_distinct: ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'],
};

/** `sum_flight_id`: the key of a measure over a column in an aggregate row. */
export function measureKey(fn: MeasureFunction, column: string): string {
  return `${fn}_${column}`;
}

/** `sum:flight_id`: how a request names a measure over a column. */
export function measureText(fn: MeasureFunction, column: string): string {
  return `${fn}:${column}`;
}

export function isMeasureFunction(text: string): text is MeasureFunction {
  return (MEASURE_FUNCTIONS as readonly string[]).includes(text);
}

interface MeasuredColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly groupable: boolean;
  readonly measures: readonly string[];
}

/** What is wrong with the groupable flags and measures of a definition's columns (empty when nothing is). */
export function measureProblems(columns: readonly MeasuredColumn[]): string[] {
  const problems: string[] = [];
  const measureKeys = new Set<string>([ROW_COUNT, PERIOD_KEY]);
  for (const column of columns) {
    const seen = new Set<string>();
    for (const fn of column.measures) {
      if (!isMeasureFunction(fn))
        problems.push(`column "${column.name}" has unknown measure "${fn}"; measures: ${MEASURE_FUNCTIONS.join(', ')}`);
      else if (!MEASURE_COLUMN_TYPES[fn].includes(column.type))
        problems.push(`column "${column.name}" of type ${column.type} cannot have measure "${fn}"`);
      else measureKeys.add(measureKey(fn, column.name));
      if (seen.has(fn)) problems.push(`column "${column.name}" lists measure "${fn}" twice`);
      seen.add(fn);
    }
  }
  // Group columns and measures share the row: a group column may not carry a measure's key or `period`.
  for (const column of columns) {
    if (column.groupable && measureKeys.has(column.name))
      problems.push(`groupable column "${column.name}" has the name of a measure or of "${PERIOD_KEY}" in aggregate rows`);
  }
  return problems;
}
