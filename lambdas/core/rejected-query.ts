/**
 * The SQL of the rejected routes over a dataset's rejected table. The text is fixed keywords and identifiers (the
 * table name comes from the dataset definition); the receive-date range is the only value, two `?` parameters.
 */
import { type DatasetDefinition, LINEAGE_PREFIX, PARTITION_KEY, rejectedTableName } from './dataset';
import type { QueryRequest, SqlParameter } from './ports/query-engine';
import { checkMaxResultRows, DEFAULT_MAX_RESULT_ROWS } from './records-query';
import { REJECTED } from './rejected-table';
import { quoteIdentifier, quoteName } from './sql-text';

/** An inclusive range of receive dates, `YYYY-MM-DD`. */
export interface ReceiveDateRange {
  readonly from: string;
  readonly to: string;
}

/** The answer's field names, in select order. */
export const REJECTED_FIELDS = ['messageId', 'recordIndex', 'receivedAt', 'reasons', 'original'] as const;

const COPY_NUMBER = quoteIdentifier(`${LINEAGE_PREFIX}copy`);
const q = quoteIdentifier;

function rangeParameters(range: ReceiveDateRange): SqlParameter[] {
  return [
    { type: 'string', value: range.from },
    { type: 'string', value: range.to },
  ];
}

/**
 * Each rejected line of the range once: a message redelivered or regrouped by SQS is written again under another
 * object id, with the same message id, record index and receive time, so one copy per (message id, record index) is
 * kept. An unreadable message has one line, with a null record index.
 */
function distinctLines(dataset: DatasetDefinition): string {
  const columns = Object.values(REJECTED).map(q);
  const copyNumber = `ROW_NUMBER() OVER (PARTITION BY ${q(REJECTED.messageId)}, ${q(REJECTED.recordIndex)} ORDER BY ${q(REJECTED.receivedAt)}) AS ${COPY_NUMBER}`;
  const lines =
    `SELECT ${[...columns, q(PARTITION_KEY), copyNumber].join(', ')} FROM ${q(rejectedTableName(dataset))} ` +
    `WHERE ${q(PARTITION_KEY)} BETWEEN ? AND ?`;
  return `SELECT ${[...columns, q(PARTITION_KEY)].join(', ')} FROM (${lines}) WHERE ${COPY_NUMBER} = 1`;
}

/**
 * The rejected lines of the range, oldest received first. `reasons` (an array of structs) is selected as JSON text,
 * which both engines produce from a cast and the handler parses: Trino casts a row with named fields to a JSON object
 * (https://trino.io/docs/current/functions/json.html#cast-to-json), DuckDB a struct
 * (https://duckdb.org/docs/stable/data/json/json_functions#json-creation-functions). The output names are quoted so
 * an engine that keeps their case answers the same names as the route.
 *
 * The row cap is text because Athena takes `?` parameters only in the WHERE clause:
 * https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html
 */
export function buildRejectedQuery(
  dataset: DatasetDefinition,
  range: ReceiveDateRange,
  maxResultRows: number = DEFAULT_MAX_RESULT_ROWS,
): QueryRequest {
  checkMaxResultRows(maxResultRows);
  const select = [
    `${q(REJECTED.messageId)} AS ${quoteName('messageId')}`,
    `${q(REJECTED.recordIndex)} AS ${quoteName('recordIndex')}`,
    `${q(REJECTED.receivedAt)} AS ${quoteName('receivedAt')}`,
    `CAST(${q(REJECTED.reasons)} AS JSON) AS ${q('reasons')}`,
    `${q(REJECTED.original)} AS ${q('original')}`,
  ];
  const order = `${q(REJECTED.receivedAt)} ASC, ${q(REJECTED.messageId)} ASC, ${q(REJECTED.recordIndex)} ASC NULLS FIRST`;
  return {
    sql: `SELECT ${select.join(', ')} FROM (${distinctLines(dataset)}) ORDER BY ${order} LIMIT ${maxResultRows + 1}`,
    parameters: rangeParameters(range),
  };
}

/** How many distinct records were rejected per receive date of the range; days without any are absent. */
export function buildRejectedDailyQuery(dataset: DatasetDefinition, range: ReceiveDateRange): QueryRequest {
  return {
    sql:
      `SELECT ${q(PARTITION_KEY)} AS ${q('day')}, COUNT(*) AS ${q('rejected')} FROM (${distinctLines(dataset)}) ` +
      `GROUP BY ${q(PARTITION_KEY)} ORDER BY ${q(PARTITION_KEY)} ASC`,
    parameters: rangeParameters(range),
  };
}
