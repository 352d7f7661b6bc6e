import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';
import { aggregateSchemas, granularityParameter, groupByParameter } from '../../../../lambdas/core/openapi-aggregates';

/** Numeric measures over an int and a double, grouped by a date partition column. */
const meters = defineDataset({
  name: 'meters',
  description: 'Numeric measures, for this test.',
  columns: {
    reading: { type: 'double', description: 'A reading.', measures: ['sum', 'avg', 'min'] },
    pulses: { type: 'int', description: 'Pulses.', measures: ['sum', 'max', 'count_distinct'] },
    day: { type: 'date', description: 'The partition date.', required: true, groupable: true },
  },
  partitionColumn: 'day',
});

type Parameter = { name?: string; style?: string; explode?: boolean; schema?: Record<string, unknown> };
type Document = {
  paths: Record<string, { get?: { operationId: string; tags: string[]; parameters: Parameter[]; responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; additionalProperties?: boolean }> };
};

describe('OpenAPI document of the aggregate route', () => {
  const document = buildOpenApiDocument(datasets) as Document;

  it('lists the route once per dataset, answering its aggregate page', () => {
    // Act
    const operations = datasets.map((dataset) => document.paths[`/v1/datasets/${dataset.name}/aggregate`]?.get);

    // Assert
    expect(operations.map((operation) => operation?.operationId)).toEqual(['aggregatePassengers', 'aggregateSmokeChecks']);
    expect(operations.every((operation) => operation?.tags[0] === 'aggregates')).toBe(true);
    expect(operations[0]?.responses['200']).toEqual({
      description: 'A page of aggregate rows.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PassengersAggregatePage' } } },
    });
  });

  it('states the groups, measures and granularities a dataset allows as enums of comma-separated lists, count by default', () => {
    // Act
    const parameters = document.paths['/v1/datasets/passengers/aggregate']?.get?.parameters ?? [];
    const named = (name: string) => parameters.find((parameter) => parameter.name === name);

    // Assert
    expect(parameters.map((parameter) => parameter.name)).toEqual([
      'from',
      'to',
      'groupBy',
      'measures',
      'granularity',
      'limit',
      undefined,
      'passenger_id',
      'flight_id',
      'seat_number',
    ]);
    expect(named('groupBy')).toMatchObject({
      style: 'form',
      explode: false,
      schema: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['flight_id', 'seat_number'] } },
    });
    expect(named('measures')?.schema).toMatchObject({
      minItems: 1,
      default: ['count'],
      items: {
        enum: [
          'count',
          'count_distinct:passenger_id',
          'count_distinct:flight_id',
          'count_distinct:seat_number',
          'min:boarded_at',
          'max:boarded_at',
        ],
      },
    });
    expect(named('granularity')?.schema).toEqual({ type: 'string', enum: ['hour', 'day'] });
  });

  it('describes each aggregate row field: the group columns, period and one key per measure, typed like record values', () => {
    // Act
    const { properties, additionalProperties } = document.components.schemas.SmokeChecksAggregateRow ?? {};

    // Assert
    expect(additionalProperties).toBe(false);
    expect(Object.keys(properties ?? {})).toEqual([
      'period',
      'count',
      'count_distinct_check_id',
      'sum_sequence',
      'avg_sequence',
      'min_sequence',
      'max_sequence',
      'min_published_at',
      'max_published_at',
    ]);
    expect(properties?.period).toMatchObject({ type: 'string', format: 'date-time' });
    expect(properties?.sum_sequence?.oneOf).toEqual([
      { type: 'integer', format: 'int64' },
      { type: 'string', pattern: '^-?\\d+$', nullable: true },
    ]);
    expect(properties?.avg_sequence).toMatchObject({ type: 'number', format: 'double', nullable: true });
    expect(properties?.min_published_at).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(document.components.schemas.PassengersAggregateRow?.properties?.flight_id).toBeDefined();
  });

  it('types a sum as a double over a double column and as a 64-bit integer over an integer column, an average as a double', () => {
    // Act
    const schemas = aggregateSchemas(meters, 'Meters', (rows) => ({ rows }));

    // Assert
    expect(schemas).toStrictEqual({
      MetersAggregateRow: {
        type: 'object',
        description: 'One group: its group columns, its period when granularity is given, and the measures asked for.',
        properties: {
          day: { type: 'string', format: 'date', nullable: true, description: 'The partition date.' },
          period: { type: 'string', format: 'date-time', description: 'Start of the bucket (UTC), when granularity is given.' },
          count: { type: 'integer', format: 'int64', description: 'Rows of the group.' },
          sum_reading: { type: 'number', format: 'double', nullable: true, description: 'sum of reading' },
          avg_reading: { type: 'number', format: 'double', nullable: true, description: 'avg of reading' },
          min_reading: { type: 'number', format: 'double', nullable: true, description: 'min of reading' },
          sum_pulses: {
            oneOf: [
              { type: 'integer', format: 'int64' },
              { type: 'string', pattern: '^-?\\d+$', nullable: true },
            ],
            description: 'sum of pulses',
          },
          max_pulses: { type: 'integer', format: 'int32', nullable: true, description: 'max of pulses' },
          count_distinct_pulses: { type: 'integer', format: 'int64', description: 'count_distinct of pulses' },
        },
        additionalProperties: false,
      },
      MetersAggregatePage: { rows: { type: 'array', items: { $ref: '#/components/schemas/MetersAggregateRow' } } },
    });
  });

  it('states the groupable columns of a dataset, or none at all when it has no groupable column', () => {
    // Act
    const grouped = groupByParameter(meters);
    const ungrouped = groupByParameter(
      defineDataset({
        name: 'flat',
        description: 'No groupable column.',
        columns: { at: { type: 'timestamp', description: 'The partition timestamp.', required: true } },
        partitionColumn: 'at',
      }),
    );

    // Assert
    expect(grouped).toStrictEqual({
      name: 'groupBy',
      in: 'query',
      description: 'Comma-separated columns to group by; each becomes a field of every row.',
      style: 'form',
      explode: false,
      schema: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['day'] } },
    });
    expect(ungrouped).toStrictEqual({
      name: 'groupBy',
      in: 'query',
      description: 'flat has no groupable column: its aggregates are over all rows.',
      style: 'form',
      explode: false,
      schema: { type: 'array', uniqueItems: true, items: { type: 'string' }, maxItems: 0 },
    });
  });

  it('offers only daily buckets over a date partition column', () => {
    // Act
    const granularity = granularityParameter(meters);

    // Assert
    expect(granularity).toStrictEqual({
      name: 'granularity',
      in: 'query',
      description: 'Buckets of day (UTC): each row then carries "period", the start of its bucket.',
      schema: { type: 'string', enum: ['day'] },
    });
  });
});
