/** The OpenAPI parts of the aggregate route: its grouping, measure and granularity parameters, and its row schema per dataset. */
import { allowedGranularities, allowedMeasures, groupableColumns } from './aggregate-request';
import type { ColumnDefinition, DatasetDefinition } from './dataset';
import { type MeasureFunction, measureKey, PERIOD_KEY, ROW_COUNT } from './measures';
import { columnSchema, type Schema } from './openapi-values';

/** A comma-separated list in the query string (`a,b`), as OpenAPI 3 writes it. */
function commaSeparated(name: string, description: string, items: Schema, extra: Schema = {}): Schema {
  return { name, in: 'query', description, style: 'form', explode: false, schema: { type: 'array', uniqueItems: true, items, ...extra } };
}

export function groupByParameter(dataset: DatasetDefinition): Schema {
  const names = groupableColumns(dataset).map((column) => column.name);
  if (names.length === 0)
    return commaSeparated(
      'groupBy',
      `${dataset.name} has no groupable column: its aggregates are over all rows.`,
      { type: 'string' },
      { maxItems: 0 },
    );
  return commaSeparated('groupBy', 'Comma-separated columns to group by; each becomes a field of every row.', {
    type: 'string',
    enum: names,
  });
}

export function measuresParameter(dataset: DatasetDefinition): Schema {
  return commaSeparated(
    'measures',
    `Comma-separated measures, at least one; default ${ROW_COUNT} (the rows of each group). "fn:column" answers as the field "fn_column".`,
    { type: 'string', enum: allowedMeasures(dataset) },
    { minItems: 1, default: [ROW_COUNT] },
  );
}

export function granularityParameter(dataset: DatasetDefinition): Schema {
  return {
    name: 'granularity',
    in: 'query',
    description: `Buckets of ${dataset.partitionColumn} (UTC): each row then carries "${PERIOD_KEY}", the start of its bucket.`,
    schema: { type: 'string', enum: allowedGranularities(dataset) },
  };
}

function measureSchema(fn: MeasureFunction, column: ColumnDefinition): Schema {
  const description = `${fn} of ${column.name}`;
  switch (fn) {
    case 'sum':
      return columnSchema({ ...column, type: column.type === 'double' ? 'double' : 'bigint', description });
    case 'avg':
      return columnSchema({ ...column, type: 'double', description });
    case 'count_distinct':
      return { type: 'integer', format: 'int64', description };
    default:
      return columnSchema({ ...column, description });
  }
}

/** The schemas `{Name}AggregateRow` and `{Name}AggregatePage`. */
export function aggregateSchemas(dataset: DatasetDefinition, name: string, page: (rows: Schema) => Schema): Record<string, Schema> {
  const properties: Record<string, Schema> = {};
  for (const column of groupableColumns(dataset)) properties[column.name] = columnSchema(column);
  properties[PERIOD_KEY] = { type: 'string', format: 'date-time', description: 'Start of the bucket (UTC), when granularity is given.' };
  properties[ROW_COUNT] = { type: 'integer', format: 'int64', description: 'Rows of the group.' };
  for (const column of dataset.columns)
    for (const fn of column.measures) properties[measureKey(fn, column.name)] = measureSchema(fn, column);
  return {
    [`${name}AggregateRow`]: {
      type: 'object',
      description: 'One group: its group columns, its period when granularity is given, and the measures asked for.',
      properties,
      additionalProperties: false,
    },
    [`${name}AggregatePage`]: page({ type: 'array', items: { $ref: `#/components/schemas/${name}AggregateRow` } }),
  };
}
