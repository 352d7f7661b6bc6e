/**
 * The one logical table of a dataset: each day of a range is read from exactly one place. A compacted day comes from
 * the curated table, whose rows were deduplicated once when the day was compacted; every other day comes from the raw
 * table, where copies of a record are removed at query time. The text is fixed keywords and definition identifiers;
 * every value, including the compacted days, is a positional `?` parameter.
 */
import {
  type ColumnDefinition,
  curatedTableName,
  type DatasetDefinition,
  LINEAGE_INGESTED_AT,
  LINEAGE_MESSAGE_ID,
  LINEAGE_PREFIX,
  LINEAGE_RECORD_INDEX,
  PARTITION_KEY,
} from './dataset';
import type { SqlParameter } from './ports/query-engine';
import { quoteIdentifier } from './sql-text';

/** The inner query's copy number of a stored record (1 = earliest ingested); reserved prefix, so no dataset column has it. */
export const COPY_NUMBER_COLUMN = `${LINEAGE_PREFIX}copy`;

export interface ColumnFilter {
  readonly column: ColumnDefinition;
  readonly parameter: SqlParameter;
}

export interface LakeRowsScope {
  readonly dataset: DatasetDefinition;
  /** Inclusive partition range, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Equality filters, combined with AND, in the order given. */
  readonly filters: readonly ColumnFilter[];
  /** Days served from the curated table (others in the range are read raw); days outside the range are ignored. */
  readonly compactedDays: readonly string[];
}

export interface SqlFragment {
  readonly sql: string;
  readonly parameters: readonly SqlParameter[];
}

const DAY_MS = 86_400_000;

/** The number of days from `from` to `to`, both included. */
function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function dayParameters(days: readonly string[]): SqlParameter[] {
  return days.map((value) => ({ type: 'string', value }));
}

/**
 * `SELECT ... WHERE copy = 1` over `from` (a table name or a parenthesized subquery yielding `columns` and the lineage
 * key), filtered by `predicates` if any: the earliest ingested copy of each (message id, record index).
 */
export function deduplicatedRows(from: string, columns: readonly string[], predicates: readonly string[] = []): string {
  const quoted = columns.map(quoteIdentifier);
  const copyNumber =
    `ROW_NUMBER() OVER (PARTITION BY ${quoteIdentifier(LINEAGE_MESSAGE_ID)}, ${quoteIdentifier(LINEAGE_RECORD_INDEX)} ` +
    `ORDER BY ${quoteIdentifier(LINEAGE_INGESTED_AT)}) AS ${quoteIdentifier(COPY_NUMBER_COLUMN)}`;
  const where = predicates.length === 0 ? '' : ` WHERE ${predicates.join(' AND ')}`;
  const copies = `SELECT ${[...quoted, copyNumber].join(', ')} FROM ${from}${where}`;
  return `SELECT ${quoted.join(', ')} FROM (${copies}) WHERE ${quoteIdentifier(COPY_NUMBER_COLUMN)} = 1`;
}

/**
 * A subquery yielding `columns` of each record of the scope once. Filters stay on each table scan, for pruning; that
 * is safe because lineage columns are not filterable and every copy of a record has the same dataset values (the
 * same `dt` too), so all copies pass or none.
 */
export function lakeRows(scope: LakeRowsScope, columns: readonly string[]): SqlFragment {
  const compacted = [...new Set(scope.compactedDays)].filter((day) => day >= scope.from && day <= scope.to).sort();
  const filterSql = scope.filters.map((filter) => `${quoteIdentifier(filter.column.name)} = ?`);
  const filterParameters = scope.filters.map((filter) => filter.parameter);
  const parts: string[] = [];
  const parameters: SqlParameter[] = [];
  if (compacted.length < daysInRange(scope.from, scope.to)) {
    const predicates = [`${quoteIdentifier(PARTITION_KEY)} BETWEEN ? AND ?`];
    parameters.push({ type: 'string', value: scope.from }, { type: 'string', value: scope.to });
    if (compacted.length > 0) {
      predicates.push(`${quoteIdentifier(PARTITION_KEY)} NOT IN (${placeholders(compacted.length)})`);
      parameters.push(...dayParameters(compacted));
    }
    parts.push(deduplicatedRows(quoteIdentifier(scope.dataset.name), columns, [...predicates, ...filterSql]));
    parameters.push(...filterParameters);
  }
  if (compacted.length > 0) {
    const predicates = [`${quoteIdentifier(PARTITION_KEY)} IN (${placeholders(compacted.length)})`, ...filterSql];
    parts.push(
      `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(curatedTableName(scope.dataset))} WHERE ${predicates.join(' AND ')}`,
    );
    parameters.push(...dayParameters(compacted), ...filterParameters);
  }
  return { sql: parts.join(' UNION ALL '), parameters };
}
