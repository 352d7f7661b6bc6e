/**
 * Builds the SQL of a records request. The text is made only of fixed keywords and identifiers taken from the
 * dataset definition (double-quoted); every request value is a positional `?` parameter, so the text never
 * depends on what the client sent, only on which columns it named.
 */
import type { QueryRequest, SqlParameter } from '../adapters/query-engine';
import { type ColumnDefinition, type DatasetDefinition, LINEAGE_PREFIX, PARTITION_KEY } from './dataset';

/** Appended to every ORDER BY: (message id, record index) is unique per row, so pages are stable and engines agree. */
const ORDER_TIEBREAKERS = [`${LINEAGE_PREFIX}message_id`, `${LINEAGE_PREFIX}record_index`];

export interface ColumnFilter {
  readonly column: ColumnDefinition;
  readonly parameter: SqlParameter;
}

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

/** Quotes an identifier that comes from a dataset definition (already checked to be lower snake case). */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`refusing to quote identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function buildRecordsQuery(spec: RecordsQuerySpec): QueryRequest {
  const projection = spec.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const predicates = [`${quoteIdentifier(PARTITION_KEY)} BETWEEN ? AND ?`];
  const parameters: SqlParameter[] = [
    { type: 'string', value: spec.from },
    { type: 'string', value: spec.to },
  ];
  for (const filter of spec.filters) {
    predicates.push(`${quoteIdentifier(filter.column.name)} = ?`);
    parameters.push(filter.parameter);
  }
  let sql = `SELECT ${projection} FROM ${quoteIdentifier(spec.dataset.name)} WHERE ${predicates.join(' AND ')}`;
  if (spec.order) {
    const { column, descending } = spec.order;
    const keys = [`${quoteIdentifier(column.name)} ${descending ? 'DESC' : 'ASC'} NULLS LAST`];
    for (const name of ORDER_TIEBREAKERS) if (name !== column.name) keys.push(`${quoteIdentifier(name)} ASC`);
    sql += ` ORDER BY ${keys.join(', ')}`;
  }
  return { sql, parameters };
}
