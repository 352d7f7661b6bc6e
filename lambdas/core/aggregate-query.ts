/**
 * Builds the SQL of an aggregate request over the dataset's one logical table (core/lake-rows.ts). The text is fixed
 * keywords, functions, identifiers from the dataset definition and a time unit from a closed set; every request value
 * is a positional `?` parameter, all of them inside the logical table's WHERE clauses.
 *
 * Athena (Trino) and DuckDB read the text alike and answer the same types:
 * - `date_trunc('hour' | 'day', timestamp)` is a timestamp on both, rendered as every other timestamp
 *   (https://trino.io/docs/current/functions/datetime.html#date_trunc,
 *   https://duckdb.org/docs/stable/sql/functions/timestamp#date_truncpart-timestamp); a date partition column is cast
 *   to a timestamp first, since Trino truncates a date to a date and DuckDB to a timestamp.
 * - `count(*)` and `count(DISTINCT x)` are bigint; `avg` is double; `min`/`max` keep the column's type; `sum` of a
 *   double is double (https://trino.io/docs/current/functions/aggregate.html,
 *   https://duckdb.org/docs/stable/sql/functions/aggregates). Athena engine version 3 is Trino-based:
 *   https://docs.aws.amazon.com/athena/latest/ug/engine-versions-reference-0003.html
 * - `sum` of an integer column is bigint on Trino but HUGEINT on DuckDB, which its Parquet writer stores as a double
 *   (losing digits past 2^53), so it is cast to BIGINT: a no-op on Trino, exact on DuckDB, an error on both when the
 *   sum leaves the bigint range.
 */
import type { AggregateQuerySpec, Granularity, Measure } from './aggregate-request';
import { type ColumnDefinition, partitionColumnType } from './dataset';
import { lakeRows } from './lake-rows';
import { measureKey, PERIOD_KEY, ROW_COUNT } from './measures';
import type { QueryRequest } from './ports/query-engine';
import { checkMaxResultRows, DEFAULT_MAX_RESULT_ROWS } from './records-query';
import { quoteIdentifier } from './sql-text';

/** The SQL text of each granularity: fixed literals, so no request text reaches the SQL. */
const UNIT_LITERALS: Readonly<Record<Granularity, string>> = { hour: "'hour'", day: "'day'" };

function periodExpression(spec: AggregateQuerySpec, granularity: Granularity): string {
  const column = quoteIdentifier(spec.dataset.partitionColumn);
  const timestamp = partitionColumnType(spec.dataset) === 'date' ? `CAST(${column} AS TIMESTAMP)` : column;
  return `date_trunc(${UNIT_LITERALS[granularity]}, ${timestamp})`;
}

function measureExpression(measure: Measure): string {
  if (!('column' in measure)) return `count(*) AS ${quoteIdentifier(ROW_COUNT)}`;
  const column = quoteIdentifier(measure.column.name);
  const alias = quoteIdentifier(measureKey(measure.fn, measure.column.name));
  switch (measure.fn) {
    case 'sum':
      return measure.column.type === 'double' ? `sum(${column}) AS ${alias}` : `CAST(sum(${column}) AS BIGINT) AS ${alias}`;
    case 'count_distinct':
      return `count(DISTINCT ${column}) AS ${alias}`;
    default:
      return `${measure.fn}(${column}) AS ${alias}`;
  }
}

/** The columns the logical table must yield: groups, measured columns, the partition column when bucketing. */
function neededColumns(spec: AggregateQuerySpec): string[] {
  const measured = spec.measures.flatMap((measure) => ('column' in measure ? [measure.column.name] : []));
  const period = spec.granularity ? [spec.dataset.partitionColumn] : [];
  const names = [...new Set([...spec.groupBy.map((column: ColumnDefinition) => column.name), ...measured, ...period])];
  // count(*) alone needs rows, not values: the partition column is always there.
  return names.length > 0 ? names : [spec.dataset.partitionColumn];
}

/**
 * `SELECT <groups>, [period], <measures> FROM (<logical table>) [GROUP BY …] [ORDER BY …] LIMIT cap + 1`. Rows come
 * ordered by period, then each group column (nulls last): one row per distinct key, so the order is total and both
 * engines page alike. GROUP BY and ORDER BY repeat the expressions rather than name the output aliases, which could
 * otherwise be read as a column of the table.
 */
export function buildAggregateQuery(
  spec: AggregateQuerySpec,
  maxResultRows: number = DEFAULT_MAX_RESULT_ROWS,
  // Stryker disable next-line ArrayDeclaration: a day that is no YYYY-MM-DD date sorts after every date, so lakeRows drops it as outside the range
  compactedDays: readonly string[] = [],
): QueryRequest {
  checkMaxResultRows(maxResultRows);
  const rows = lakeRows({ ...spec, compactedDays }, neededColumns(spec));
  const groups = spec.groupBy.map((column) => quoteIdentifier(column.name));
  const period = spec.granularity ? periodExpression(spec, spec.granularity) : undefined;
  const keys = [...(period ? [period] : []), ...groups];
  const select = [...groups, ...(period ? [`${period} AS ${quoteIdentifier(PERIOD_KEY)}`] : []), ...spec.measures.map(measureExpression)];
  let sql = `SELECT ${select.join(', ')} FROM (${rows.sql})`;
  if (keys.length > 0) {
    sql += ` GROUP BY ${[...groups, ...(period ? [period] : [])].join(', ')}`;
    sql += ` ORDER BY ${keys.map((key) => `${key} ASC NULLS LAST`).join(', ')}`;
  }
  // The cap is a checked server setting, never a request value; Athena takes `?` only in the WHERE clause:
  // https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
  sql += ` LIMIT ${maxResultRows + 1}`;
  return { sql, parameters: rows.parameters };
}
