/**
 * Builds the SQL of a records request. The text is made only of fixed keywords and identifiers taken from the
 * dataset definition (double-quoted); every request value is a positional `?` parameter, so the text never
 * depends on what the client sent, only on which columns it named.
 */

import { type ColumnDefinition, type DatasetDefinition, LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX } from './dataset';
import { QUERY_SETTING_DEFAULTS } from './environment';
import { type ColumnFilter, lakeRows } from './lake-rows';
import type { QueryRequest } from './ports/query-engine';
import { quoteIdentifier } from './sql-text';

/** The row cap of a records query when none is given (QUERY_MAX_RESULT_ROWS). */
export const DEFAULT_MAX_RESULT_ROWS = QUERY_SETTING_DEFAULTS.maxResultRows;

/** Appended to every ORDER BY: (message id, record index) is unique once copies are dropped, so pages are stable and engines agree. */
const ORDER_TIEBREAKERS = [LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX];

export interface RecordsQuerySpec {
  readonly dataset: DatasetDefinition;
  /** Inclusive partition range, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Equality filters, combined with AND, in the order given. */
  readonly filters: readonly ColumnFilter[];
  /** Projected columns, in the order given. */
  readonly columns: readonly ColumnDefinition[];
  readonly order?: { readonly column: ColumnDefinition; readonly descending: boolean };
}

/** Throws unless `maxResultRows` is a whole number from 1 whose successor is still exact. */
export function checkMaxResultRows(maxResultRows: number, settingName = 'QUERY_MAX_RESULT_ROWS'): void {
  if (!Number.isSafeInteger(maxResultRows) || maxResultRows < 1 || !Number.isSafeInteger(maxResultRows + 1))
    throw new Error(`${settingName} (the row cap) must be a positive integer, got ${maxResultRows}`);
}

/**
 * The lake is written at least once: a redelivered or regrouped SQS message stores its records again under another
 * object id. The rows come from the dataset's one logical table (core/lake-rows.ts): compacted days were
 * deduplicated when they were compacted, raw days keep the earliest ingested copy of each (message id, record index).
 *
 * `LIMIT maxResultRows + 1` bounds what one request makes the engine materialise. Without `order` the rows kept are
 * whichever the engine produces first, and Athena counts a LIMIT without ORDER BY as non-deterministic and does not
 * reuse its result (https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html).
 */
export function buildRecordsQuery(
  spec: RecordsQuerySpec,
  maxResultRows: number = DEFAULT_MAX_RESULT_ROWS,
  // Stryker disable next-line ArrayDeclaration: a day that is no YYYY-MM-DD date sorts after every date, so lakeRows drops it as outside the range
  compactedDays: readonly string[] = [],
): QueryRequest {
  checkMaxResultRows(maxResultRows);
  const projection = spec.columns.map((column) => column.name);
  const orderColumn = spec.order?.column.name;
  const tiebreakers = ORDER_TIEBREAKERS.filter((name) => name !== orderColumn);
  const orderKeys = orderColumn === undefined ? [] : [orderColumn, ...tiebreakers];
  // The outer query can only project and order by what the inner one selects.
  const innerColumns = [...new Set([...projection, ...orderKeys])];
  const rows = lakeRows({ ...spec, compactedDays }, innerColumns);
  let sql = `SELECT ${projection.map(quoteIdentifier).join(', ')} FROM (${rows.sql})`;
  if (spec.order) {
    const keys = [`${quoteIdentifier(spec.order.column.name)} ${spec.order.descending ? 'DESC' : 'ASC'} NULLS LAST`];
    for (const name of tiebreakers) keys.push(`${quoteIdentifier(name)} ASC`);
    sql += ` ORDER BY ${keys.join(', ')}`;
  }
  // One row past the cap tells the handler the answer was cut. The cap is a checked server setting, never a request
  // value, and it is text because Athena takes `?` parameters only in the WHERE clause:
  // https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
  sql += ` LIMIT ${maxResultRows + 1}`;
  return { sql, parameters: rows.parameters };
}
