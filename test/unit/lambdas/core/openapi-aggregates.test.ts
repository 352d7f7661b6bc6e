import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';

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
});
