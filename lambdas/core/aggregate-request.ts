/**
 * Turns the query string of `GET /v1/datasets/{name}/aggregate` into a checked aggregate specification. Which columns
 * may be grouped and which measures each column allows come from the dataset definition; every invalid parameter is
 * reported in one 400, naming it and what it allows.
 */
import { type ColumnDefinition, type DatasetDefinition, partitionColumnType } from './dataset';
import { badRequest } from './http-response';
import type { ColumnFilter } from './lake-rows';
import { isMeasureFunction, MEASURE_FUNCTIONS, type MeasureFunction, measureText, ROW_COUNT } from './measures';
import { ParameterErrors } from './parameter-errors';
import {
  checkedDateRange,
  checkedFilters,
  DEFAULT_LIMIT,
  filterColumn,
  parseDateParameter,
  parseLimit,
  type QueryParameters,
} from './request-params';
import { parseSqlParameter } from './sql-parameter';

/** Parameters with a meaning of their own on the aggregate route; every other name must be a filterable column. */
export const AGGREGATE_PARAMETERS = ['from', 'to', 'groupBy', 'measures', 'granularity', 'limit', 'nextToken'] as const;

/** The time buckets a request may ask for; the SQL takes the unit from this closed set, never from the request. */
export const GRANULARITIES = ['hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type Measure = { readonly fn: typeof ROW_COUNT } | { readonly fn: MeasureFunction; readonly column: ColumnDefinition };

export interface AggregateQuerySpec {
  readonly dataset: DatasetDefinition;
  /** Inclusive partition range, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Equality filters, combined with AND, in table column order. */
  readonly filters: readonly ColumnFilter[];
  /** Group columns, in the order given. */
  readonly groupBy: readonly ColumnDefinition[];
  /** At least one, in the order given. */
  readonly measures: readonly Measure[];
  /** Buckets of the partition column; absent: no `period`. */
  readonly granularity?: Granularity;
}

export interface AggregateRequest {
  readonly spec: AggregateQuerySpec;
  readonly limit: number;
}

const DEFAULT_MEASURES: readonly Measure[] = [{ fn: ROW_COUNT }];
const quoted = (text: string) => JSON.stringify(text.slice(0, 64));

export function groupableColumns(dataset: DatasetDefinition): ColumnDefinition[] {
  return dataset.columns.filter((column) => column.groupable);
}

/** Every measure the dataset allows, as a request names it: `count` first, then per column in table order. */
export function allowedMeasures(dataset: DatasetDefinition): string[] {
  return [
    ROW_COUNT,
    ...dataset.columns.flatMap((column) =>
      MEASURE_FUNCTIONS.filter((fn) => column.measures.includes(fn)).map((fn) => measureText(fn, column.name)),
    ),
  ];
}

/** The granularities of the dataset's partition column: hours only on a timestamp, days on either. */
export function allowedGranularities(dataset: DatasetDefinition): Granularity[] {
  return partitionColumnType(dataset) === 'timestamp' ? [...GRANULARITIES] : ['day'];
}

/** Comma-separated items, each trimmed; an empty item or a repeated one is refused. */
function listItems(parameter: string, text: string, what: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw badRequest('invalid_parameter', `parameter "${parameter}" must be a comma-separated list of ${what}`);
  const repeated = items.find((item, index) => items.indexOf(item) !== index);
  if (repeated !== undefined) throw badRequest('invalid_parameter', `parameter "${parameter}" names ${quoted(repeated)} more than once`);
  return items;
}

function parseGroupBy(dataset: DatasetDefinition, text: string | undefined): ColumnDefinition[] {
  if (text === undefined) return [];
  const groupable = groupableColumns(dataset);
  const allowed =
    groupable.length === 0
      ? `dataset "${dataset.name}" has no groupable column`
      : `groupable columns: ${groupable.map((c) => c.name).join(', ')}`;
  return listItems('groupBy', text, 'groupable columns').map((name) => {
    const column = groupable.find((candidate) => candidate.name === name);
    if (!column) throw badRequest('invalid_parameter', `parameter "groupBy" names ${quoted(name)}, which cannot be grouped; ${allowed}`);
    return column;
  });
}

function parseMeasure(dataset: DatasetDefinition, item: string): Measure {
  if (item === ROW_COUNT) return { fn: ROW_COUNT };
  const separator = item.indexOf(':');
  const fn = item.slice(0, separator);
  const column = dataset.columns.find((candidate) => candidate.name === item.slice(separator + 1));
  if (separator !== -1 && isMeasureFunction(fn) && column?.measures.includes(fn)) return { fn, column };
  throw badRequest(
    'invalid_parameter',
    `parameter "measures" names ${quoted(item)}, which is not a measure of "${dataset.name}"; measures: ${allowedMeasures(dataset).join(', ')}`,
  );
}

function parseMeasures(dataset: DatasetDefinition, text: string | undefined): Measure[] {
  if (text === undefined) return [...DEFAULT_MEASURES];
  return listItems('measures', text, `measures (at least one): ${allowedMeasures(dataset).join(', ')}`).map((item) =>
    parseMeasure(dataset, item),
  );
}

function parseGranularity(dataset: DatasetDefinition, text: string | undefined): Granularity | undefined {
  if (text === undefined) return undefined;
  const allowed = allowedGranularities(dataset);
  const granularity = allowed.find((candidate) => candidate === text);
  if (!granularity) throw badRequest('invalid_parameter', `parameter "granularity" must be one of ${allowed.join(', ')}`);
  return granularity;
}

/**
 * Checks one parameter of an aggregate request on its own, as the first request of a query would have it checked (a
 * continuation's parameters are checked this way before they are compared with the first request's).
 */
export function checkAggregateParameter(dataset: DatasetDefinition, name: string, value: string): void {
  switch (name) {
    case 'from':
    case 'to':
      parseDateParameter(name, value);
      return;
    case 'groupBy':
      parseGroupBy(dataset, value);
      return;
    case 'measures':
      parseMeasures(dataset, value);
      return;
    case 'granularity':
      parseGranularity(dataset, value);
      return;
    case 'limit':
      parseLimit(value);
      return;
    case 'nextToken':
      return;
  }
  const column = filterColumn(dataset, name, AGGREGATE_PARAMETERS);
  parseSqlParameter(column.name, column.type, value);
}

export function parseAggregateRequest(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  now: Date,
  maxRangeDays: number,
): AggregateRequest {
  const errors = new ParameterErrors();
  const { from, to } = checkedDateRange(parameters, now, maxRangeDays, errors);
  const filters = checkedFilters(dataset, parameters, errors, AGGREGATE_PARAMETERS);
  // Stryker disable next-line ArrayDeclaration: the fallback is taken only when the check failed, and throwIfAny then throws before it is used
  const groupBy = errors.check('groupBy', () => parseGroupBy(dataset, parameters.groupBy)) ?? [];
  // Stryker disable next-line ArrayDeclaration: the fallback is taken only when the check failed, and throwIfAny then throws before it is used
  const measures = errors.check('measures', () => parseMeasures(dataset, parameters.measures)) ?? [];
  const granularity = errors.check('granularity', () => parseGranularity(dataset, parameters.granularity));
  const limit = errors.check('limit', () => parseLimit(parameters.limit)) ?? DEFAULT_LIMIT;
  errors.throwIfAny();
  return { spec: { dataset, from, to, filters, groupBy, measures, ...(granularity ? { granularity } : {}) }, limit };
}
