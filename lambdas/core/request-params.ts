/** Turns the query string of `GET /v1/datasets/{name}/records` into a checked records query specification. */
import { type ColumnDefinition, type DatasetDefinition, findColumn, storedColumns } from './dataset';
import { badRequest } from './http-response';
import { utcDateOf } from './lake-value-format';
import type { ColumnFilter, RecordsQuerySpec } from './records-query';
import { parseDateText, parseSqlParameter } from './sql-parameter';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const DEFAULT_RANGE_DAYS = 7;
const DAY_MS = 86_400_000;

/** Parameters with a meaning of their own; every other name must be a filterable column. */
export const RESERVED_PARAMETERS = ['from', 'to', 'columns', 'limit', 'order', 'nextToken'] as const;

export type QueryParameters = Readonly<Record<string, string>>;

export interface RecordsRequest {
  readonly spec: RecordsQuerySpec;
  readonly limit: number;
}

interface ProxyQueryString {
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueQueryStringParameters?: Readonly<Record<string, readonly string[] | undefined>> | null;
}

/**
 * Flattens the event's query string; a repeated parameter is a 400 (we never guess which value was meant). The result
 * has no prototype: a parameter named `constructor`, `__proto__` or `toString` is just a name, found only if sent.
 */
export function singleValuedParameters(event: ProxyQueryString): QueryParameters {
  const result: Record<string, string> = Object.create(null);
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values && values.length > 1) throw badRequest('duplicate_parameter', `parameter "${name}" is given more than once`);
  }
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) result[name] = value;
  }
  return result;
}

export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  // Any base-10 digits, as an integer parameter reads them (`0100` is 100); the range decides.
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw badRequest('invalid_parameter', `parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`);
  return value;
}

function parseDateParameter(name: string, text: string): number {
  return Date.parse(`${parseDateText(name, text)}T00:00:00Z`);
}

/** The inclusive partition range: default the last 7 days up to today (UTC), `from <= to`, at most `maxRangeDays` days. */
export function parseDateRange(parameters: QueryParameters, now: Date, maxRangeDays: number): { from: string; to: string } {
  const toMs = parameters.to === undefined ? Date.parse(`${utcDateOf(now)}T00:00:00Z`) : parseDateParameter('to', parameters.to);
  const fromMs = parameters.from === undefined ? toMs - (DEFAULT_RANGE_DAYS - 1) * DAY_MS : parseDateParameter('from', parameters.from);
  if (fromMs > toMs) throw badRequest('invalid_parameter', 'parameter "from" must not be after "to"');
  const days = Math.round((toMs - fromMs) / DAY_MS) + 1;
  if (days > maxRangeDays)
    throw badRequest('invalid_parameter', `parameters "from" and "to" span ${days} days; at most ${maxRangeDays} are allowed`);
  return { from: utcDateOf(new Date(fromMs)), to: utcDateOf(new Date(toMs)) };
}

function knownColumn(dataset: DatasetDefinition, parameter: string, name: string): ColumnDefinition {
  const column = findColumn(dataset, name);
  if (!column) throw badRequest('invalid_parameter', `parameter "${parameter}" names unknown column ${JSON.stringify(name.slice(0, 64))}`);
  return column;
}

export function parseProjection(dataset: DatasetDefinition, text: string | undefined): ColumnDefinition[] {
  if (text === undefined) return [...dataset.columns];
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw badRequest('invalid_parameter', 'parameter "columns" must be a comma-separated list of column names');
  const columns = names.map((name) => knownColumn(dataset, 'columns', name));
  const unique = new Set(columns.map((column) => column.name));
  if (unique.size !== columns.length) throw badRequest('invalid_parameter', 'parameter "columns" names a column more than once');
  return columns;
}

export function parseOrder(dataset: DatasetDefinition, text: string | undefined): RecordsQuerySpec['order'] {
  if (text === undefined) return undefined;
  const descending = text.startsWith('-');
  return { column: knownColumn(dataset, 'order', descending ? text.slice(1) : text), descending };
}

/** Equality filters in table column order, so the same filters always give the same SQL text (and Athena can reuse results). */
export function parseFilters(dataset: DatasetDefinition, parameters: QueryParameters): ColumnFilter[] {
  const reserved: readonly string[] = RESERVED_PARAMETERS;
  for (const name of Object.keys(parameters)) {
    if (reserved.includes(name)) continue;
    const column = findColumn(dataset, name);
    if (!column) throw badRequest('unknown_parameter', `parameter ${JSON.stringify(name.slice(0, 64))} is not known`);
    if (!column.filterable) throw badRequest('invalid_parameter', `parameter "${name}": column "${name}" cannot be filtered on`);
  }
  const filters: ColumnFilter[] = [];
  for (const column of storedColumns(dataset)) {
    const text = parameters[column.name];
    if (text !== undefined) filters.push({ column, parameter: parseSqlParameter(column.name, column.type, text) });
  }
  return filters;
}

/**
 * Checks one parameter of a records request on its own, as the first request of a query would have it checked:
 * unknown names are `unknown_parameter`, bad values `invalid_parameter`, each naming the parameter. (Relations between
 * parameters, such as the span of from..to, are checked by `parseRecordsRequest`.)
 */
export function checkRecordsParameter(dataset: DatasetDefinition, name: string, value: string): void {
  switch (name) {
    case 'from':
    case 'to':
      parseDateParameter(name, value);
      return;
    case 'columns':
      parseProjection(dataset, value);
      return;
    case 'order':
      parseOrder(dataset, value);
      return;
    case 'limit':
      parseLimit(value);
      return;
    case 'nextToken':
      return;
  }
  const column = findColumn(dataset, name);
  if (!column) throw badRequest('unknown_parameter', `parameter ${JSON.stringify(name.slice(0, 64))} is not known`);
  if (!column.filterable) throw badRequest('invalid_parameter', `parameter "${name}": column "${name}" cannot be filtered on`);
  parseSqlParameter(column.name, column.type, value);
}

export function parseRecordsRequest(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  now: Date,
  maxRangeDays: number,
): RecordsRequest {
  const { from, to } = parseDateRange(parameters, now, maxRangeDays);
  const spec: RecordsQuerySpec = {
    dataset,
    from,
    to,
    filters: parseFilters(dataset, parameters),
    columns: parseProjection(dataset, parameters.columns),
    order: parseOrder(dataset, parameters.order),
  };
  return { spec, limit: parseLimit(parameters.limit) };
}
