/**
 * Turns the query string of `GET /v1/datasets/{name}/records` into a checked records query specification. Every
 * invalid parameter is reported in one 400 (`errors`), the first of them as `error`.
 */
import { type ColumnDefinition, type DatasetDefinition, findColumn, storedColumns } from './dataset';
import { badRequest } from './http-response';
import type { ColumnFilter } from './lake-rows';
import { utcDateOf } from './lake-value-format';
import { ParameterErrors } from './parameter-errors';
import type { RecordsQuerySpec } from './records-query';
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

const quoted = (name: string) => JSON.stringify(name.slice(0, 64));

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function listed(names: readonly string[]): string {
  const all = names.map((name) => JSON.stringify(name));
  // Stryker disable next-line StringLiteral: the separator of a join over at most one name is never written
  if (all.length < 2) return all.join('');
  return `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

/**
 * Flattens the event's query string; a repeated parameter is a 400 (we never guess which value was meant). The result
 * has no prototype: a parameter named `constructor`, `__proto__` or `toString` is just a name, found only if sent.
 */
export function singleValuedParameters(event: ProxyQueryString): QueryParameters {
  const errors = new ParameterErrors();
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values && values.length > 1)
      errors.check(name, () => {
        throw badRequest('duplicate_parameter', `parameter "${name}" is given more than once`);
      });
  }
  errors.throwIfAny();
  const result: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** Refuses every parameter a route does not accept, naming the ones it does. */
export function checkParameterNames(parameters: QueryParameters, allowed: readonly string[], route: string): void {
  const errors = new ParameterErrors();
  for (const name of Object.keys(parameters)) {
    if (!allowed.includes(name))
      errors.check(name, () => {
        throw badRequest('unknown_parameter', `parameter ${quoted(name)} is not known; ${route} accepts only ${listed(allowed)}`);
      });
  }
  errors.throwIfAny();
}

export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  // Any base-10 digits, as an integer parameter reads them (`0100` is 100); the range decides.
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw badRequest('invalid_parameter', `parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`);
  return value;
}

export function parseDateParameter(name: string, text: string): number {
  return Date.parse(`${parseDateText(name, text)}T00:00:00Z`);
}

function checkSpan(fromMs: number, toMs: number, maxRangeDays: number): void {
  if (fromMs > toMs) throw badRequest('invalid_parameter', 'parameter "from" must not be after "to"');
  const days = Math.round((toMs - fromMs) / DAY_MS) + 1;
  if (days > maxRangeDays)
    throw badRequest('invalid_parameter', `parameters "from" and "to" span ${days} days; at most ${maxRangeDays} are allowed`);
}

/** The range, with every invalid date and an invalid span recorded in `errors` (the range is then meaningless). */
export function checkedDateRange(parameters: QueryParameters, now: Date, maxRangeDays: number, errors: ParameterErrors) {
  const today = Date.parse(`${utcDateOf(now)}T00:00:00Z`);
  const { from, to } = parameters;
  const toMs = to === undefined ? today : errors.check('to', () => parseDateParameter('to', to));
  const fromMs =
    from === undefined ? (toMs ?? today) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS : errors.check('from', () => parseDateParameter('from', from));
  if (fromMs === undefined || toMs === undefined) return { from: '', to: '' };
  errors.check('from', () => checkSpan(fromMs, toMs, maxRangeDays));
  return { from: utcDateOf(new Date(fromMs)), to: utcDateOf(new Date(toMs)) };
}

/** The inclusive partition range: default the last 7 days up to today (UTC), `from <= to`, at most `maxRangeDays` days. */
export function parseDateRange(parameters: QueryParameters, now: Date, maxRangeDays: number): { from: string; to: string } {
  const errors = new ParameterErrors();
  const range = checkedDateRange(parameters, now, maxRangeDays, errors);
  errors.throwIfAny();
  return range;
}

const names = (columns: readonly ColumnDefinition[]) => columns.map((column) => column.name).join(', ');
const filterable = (dataset: DatasetDefinition) => dataset.columns.filter((column) => column.filterable);

function knownColumn(dataset: DatasetDefinition, parameter: string, name: string): ColumnDefinition {
  const column = findColumn(dataset, name);
  if (!column)
    throw badRequest(
      'invalid_parameter',
      `parameter "${parameter}" names unknown column ${quoted(name)}; columns: ${names(storedColumns(dataset))}`,
    );
  return column;
}

/** The column a filter parameter names: known, and one that can be filtered on; `reserved` are the route's other parameters. */
export function filterColumn(
  dataset: DatasetDefinition,
  name: string,
  reserved: readonly string[] = RESERVED_PARAMETERS,
): ColumnDefinition {
  const column = findColumn(dataset, name);
  if (!column) {
    const allowed = [...reserved, ...filterable(dataset).map((candidate) => candidate.name)];
    throw badRequest('unknown_parameter', `parameter ${quoted(name)} is not known; allowed parameters: ${allowed.join(', ')}`);
  }
  if (!column.filterable)
    throw badRequest(
      'invalid_parameter',
      `parameter "${name}": column "${name}" cannot be filtered on; filterable columns: ${names(filterable(dataset))}`,
    );
  return column;
}

function parseProjection(dataset: DatasetDefinition, text: string | undefined): ColumnDefinition[] {
  if (text === undefined) return [...dataset.columns];
  const requested = text.split(',').map((name) => name.trim());
  if (requested.some((name) => name === ''))
    throw badRequest('invalid_parameter', 'parameter "columns" must be a comma-separated list of column names');
  const columns = requested.map((name) => knownColumn(dataset, 'columns', name));
  const unique = new Set(columns.map((column) => column.name));
  if (unique.size !== columns.length) throw badRequest('invalid_parameter', 'parameter "columns" names a column more than once');
  return columns;
}

function parseOrder(dataset: DatasetDefinition, text: string | undefined): RecordsQuerySpec['order'] {
  if (text === undefined) return undefined;
  const descending = text.startsWith('-');
  return { column: knownColumn(dataset, 'order', descending ? text.slice(1) : text), descending };
}

/** Equality filters in table column order, so the same filters always give the same SQL text (and Athena can reuse results). */
export function checkedFilters(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  errors: ParameterErrors,
  reserved: readonly string[] = RESERVED_PARAMETERS,
): ColumnFilter[] {
  const columns = new Set<string>();
  for (const name of Object.keys(parameters)) {
    if (!reserved.includes(name) && errors.check(name, () => filterColumn(dataset, name, reserved))) columns.add(name);
  }
  const filters: ColumnFilter[] = [];
  for (const column of storedColumns(dataset)) {
    if (!columns.has(column.name)) continue;
    // A column in `columns` was named by a parameter, so it has a value.
    const text = parameters[column.name] as string;
    const parameter = errors.check(column.name, () => parseSqlParameter(column.name, column.type, text));
    if (parameter) filters.push({ column, parameter });
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
  const column = filterColumn(dataset, name);
  parseSqlParameter(column.name, column.type, value);
}

export function parseRecordsRequest(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  now: Date,
  maxRangeDays: number,
): RecordsRequest {
  const errors = new ParameterErrors();
  const { from, to } = checkedDateRange(parameters, now, maxRangeDays, errors);
  const filters = checkedFilters(dataset, parameters, errors);
  // Stryker disable next-line ArrayDeclaration: the fallback exists only when "columns" is invalid, and then throwIfAny throws
  const columns = errors.check('columns', () => parseProjection(dataset, parameters.columns)) ?? [];
  const order = errors.check('order', () => parseOrder(dataset, parameters.order));
  const limit = errors.check('limit', () => parseLimit(parameters.limit)) ?? DEFAULT_LIMIT;
  errors.throwIfAny();
  return { spec: { dataset, from, to, filters, columns, order }, limit };
}
