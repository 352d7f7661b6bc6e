import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { smokeChecks } from '../../../../datasets/smoke-checks';
import {
  allowedGranularities,
  allowedMeasures,
  checkAggregateParameter,
  parseAggregateRequest,
} from '../../../../lambdas/core/aggregate-request';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { rejection } from '../../../support/http-rejection';

const NOW = new Date('2025-01-31T15:00:00Z');
const parse = (parameters: Record<string, string>) => parseAggregateRequest(passengers, parameters, NOW, 31);
const column = (name: string) => passengers.columns.find((candidate) => candidate.name === name);

describe('aggregate request parameters', () => {
  it('defaults to the count of rows over the last 7 days, without groups or period', () => {
    // Act
    const { spec, limit } = parse({});

    // Assert
    expect(spec).toEqual({
      dataset: passengers,
      from: '2025-01-25',
      to: '2025-01-31',
      filters: [],
      groupBy: [],
      measures: [{ fn: 'count' }],
    });
    expect(limit).toBe(100);
  });

  it('reads groups, measures, granularity and filters in the order given', () => {
    // Act
    const { spec } = parse({
      from: '2025-01-10',
      to: '2025-01-12',
      groupBy: 'seat_number, flight_id',
      measures: 'count_distinct:passenger_id,count,max:boarded_at',
      granularity: 'hour',
      flight_id: '100',
      limit: '10',
    });

    // Assert
    expect(spec.groupBy).toEqual([column('seat_number'), column('flight_id')]);
    expect(spec.measures).toEqual([
      { fn: 'count_distinct', column: column('passenger_id') },
      { fn: 'count' },
      { fn: 'max', column: column('boarded_at') },
    ]);
    expect(spec.granularity).toBe('hour');
    expect(spec.filters).toEqual([{ column: column('flight_id'), parameter: { type: 'bigint', value: 100n } }]);
  });

  it('lists every measure a dataset allows, count first', () => {
    // Act
    const measures = [allowedMeasures(passengers), allowedMeasures(smokeChecks)];

    // Assert
    expect(measures).toEqual([
      [
        'count',
        'count_distinct:passenger_id',
        'count_distinct:flight_id',
        'count_distinct:seat_number',
        'min:boarded_at',
        'max:boarded_at',
      ],
      [
        'count',
        'count_distinct:check_id',
        'sum:sequence',
        'avg:sequence',
        'min:sequence',
        'max:sequence',
        'min:published_at',
        'max:published_at',
      ],
    ]);
  });

  it.each([
    [
      'a column that cannot be grouped',
      { groupBy: 'name' },
      'parameter "groupBy" names "name", which cannot be grouped; groupable columns: flight_id, seat_number',
    ],
    [
      'an unknown column',
      { groupBy: 'nope' },
      'parameter "groupBy" names "nope", which cannot be grouped; groupable columns: flight_id, seat_number',
    ],
    ['a repeated group', { groupBy: 'flight_id,flight_id' }, 'parameter "groupBy" names "flight_id" more than once'],
    ['an empty group list', { groupBy: '' }, 'parameter "groupBy" must be a comma-separated list of groupable columns'],
    [
      'a measure the column does not allow',
      { measures: 'sum:flight_id' },
      'parameter "measures" names "sum:flight_id", which is not a measure of "passengers"; measures: count, count_distinct:passenger_id, count_distinct:flight_id, count_distinct:seat_number, min:boarded_at, max:boarded_at',
    ],
    ['a repeated measure', { measures: 'count,count' }, 'parameter "measures" names "count" more than once'],
    ['no measure', { measures: '' }, 'parameter "measures" must be a comma-separated list of measures (at least one):'],
    ['an unknown granularity', { granularity: 'week' }, 'parameter "granularity" must be one of hour, day'],
    [
      'a records parameter',
      { columns: 'name' },
      'parameter "columns" is not known; allowed parameters: from, to, groupBy, measures, granularity, limit, nextToken, passenger_id, flight_id, seat_number',
    ],
  ])('refuses %s, naming the parameter and what it allows', (_name, parameters, message) => {
    // Act
    const error = rejection(() => parse(parameters));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('reports every invalid parameter in one answer', () => {
    // Act
    const error = rejection(() => parse({ groupBy: 'name', measures: 'avg:name', granularity: 'minute', limit: '0' }));

    // Assert
    expect(error.errors?.map((entry) => entry.parameter)).toEqual(['groupBy', 'measures', 'granularity', 'limit']);
  });

  it('offers only days as buckets of a date partition column', () => {
    // Prepare
    const daily = defineDataset({
      name: 'daily',
      description: 'd',
      columns: { day: { type: 'date', description: 'd', required: true } },
      partitionColumn: 'day',
    });

    // Act
    const error = rejection(() => parseAggregateRequest(daily, { granularity: 'hour' }, NOW, 31));

    // Assert
    expect(error.message).toBe('parameter "granularity" must be one of day');
  });
});

describe('measures and groups in a dataset definition', () => {
  const define = (columns: Parameters<typeof defineDataset>[0]['columns']) => () =>
    defineDataset({
      name: 'checked',
      description: 'd',
      columns: { ...columns, at: { type: 'timestamp', description: 't', required: true } },
      partitionColumn: 'at',
    });

  it.each([
    [
      'a sum of strings',
      { s: { type: 'string', description: 's', measures: ['sum'] } },
      'column "s" of type string cannot have measure "sum"',
    ],
    [
      'an average of booleans',
      { b: { type: 'boolean', description: 'b', measures: ['avg'] } },
      'column "b" of type boolean cannot have measure "avg"',
    ],
    [
      'a minimum of booleans',
      { b: { type: 'boolean', description: 'b', measures: ['min'] } },
      'column "b" of type boolean cannot have measure "min"',
    ],
    ['a repeated measure', { n: { type: 'int', description: 'n', measures: ['sum', 'sum'] } }, 'column "n" lists measure "sum" twice'],
    [
      'a group named period',
      { period: { type: 'string', description: 'p', groupable: true } },
      'groupable column "period" has the name of a measure',
    ],
    [
      'a group named count',
      { count: { type: 'int', description: 'c', groupable: true } },
      'groupable column "count" has the name of a measure',
    ],
    [
      "a group named after another column's measure",
      { n: { type: 'int', description: 'n', measures: ['sum'] }, sum_n: { type: 'int', description: 's', groupable: true } },
      'groupable column "sum_n" has the name of a measure',
    ],
  ] as const)('refuses %s', (_name, columns, problem) => {
    // Act + Assert
    expect(define(columns as never)).toThrow(problem);
  });

  it('accepts count_distinct on every type and min/max on every ordered one', () => {
    // Act
    const dataset = define({
      i: { type: 'int', description: 'i', measures: ['sum', 'avg', 'min', 'max', 'count_distinct'] },
      d: { type: 'double', description: 'd', measures: ['sum', 'avg', 'min', 'max', 'count_distinct'] },
      b: { type: 'boolean', description: 'b', groupable: true, measures: ['count_distinct'] },
      day: { type: 'date', description: 'day', measures: ['min', 'max', 'count_distinct'] },
    })();

    // Assert
    expect(dataset.columns.map((entry) => [entry.name, entry.groupable, entry.measures.length])).toEqual([
      ['i', false, 5],
      ['d', false, 5],
      ['b', true, 1],
      ['day', false, 3],
      ['at', false, 0],
    ]);
  });
});

describe('aggregate request details', () => {
  const timeline = defineDataset({
    name: 'timeline',
    description: 't',
    columns: {
      opened: { type: 'date', description: 'o', measures: ['min'] },
      mint: { type: 'int', description: 'm', measures: ['min'] },
      at: { type: 'timestamp', description: 'a', required: true },
    },
    partitionColumn: 'at',
  });

  it('answers the limit given, or 100 when none is', () => {
    // Act
    const limits = [parse({ limit: '10' }).limit, parse({ limit: '1000' }).limit, parse({}).limit];

    // Assert
    expect(limits).toEqual([10, 1000, 100]);
  });

  it('says a dataset has no groupable column when a group is asked of one that has none', () => {
    // Act
    const error = rejection(() => parseAggregateRequest(timeline, { groupBy: 'mint' }, NOW, 31));

    // Assert
    expect(error.message).toBe('parameter "groupBy" names "mint", which cannot be grouped; dataset "timeline" has no groupable column');
  });

  it('refuses an empty item among named ones, with the invalid_parameter code', () => {
    // Act
    const errors = [
      rejection(() => parse({ groupBy: 'flight_id,' })),
      rejection(() => parse({ groupBy: 'flight_id, ,seat_number' })),
      rejection(() => parse({ measures: ',count' })),
    ];

    // Assert
    expect(errors.map((error) => error.errors)).toEqual([
      [
        {
          parameter: 'groupBy',
          code: 'invalid_parameter',
          message: 'parameter "groupBy" must be a comma-separated list of groupable columns',
        },
      ],
      [
        {
          parameter: 'groupBy',
          code: 'invalid_parameter',
          message: 'parameter "groupBy" must be a comma-separated list of groupable columns',
        },
      ],
      [
        {
          parameter: 'measures',
          code: 'invalid_parameter',
          message:
            'parameter "measures" must be a comma-separated list of measures (at least one): count, count_distinct:passenger_id, ' +
            'count_distinct:flight_id, count_distinct:seat_number, min:boarded_at, max:boarded_at',
        },
      ],
    ]);
  });

  it.each([
    [{ groupBy: 'seat_number,seat_number' }, 'groupBy', 'parameter "groupBy" names "seat_number" more than once'],
    [
      { groupBy: 'name' },
      'groupBy',
      'parameter "groupBy" names "name", which cannot be grouped; groupable columns: flight_id, seat_number',
    ],
    [
      { measures: 'max:nope' },
      'measures',
      'parameter "measures" names "max:nope", which is not a measure of "passengers"; measures: count, count_distinct:passenger_id, ' +
        'count_distinct:flight_id, count_distinct:seat_number, min:boarded_at, max:boarded_at',
    ],
    [{ granularity: 'minute' }, 'granularity', 'parameter "granularity" must be one of hour, day'],
  ])('refuses %o with the invalid_parameter code and the exact message', (parameters, parameter, message) => {
    // Act
    const error = rejection(() => parse(parameters));

    // Assert
    expect(error.errors).toEqual([{ parameter, code: 'invalid_parameter', message }]);
  });

  it('quotes at most 64 characters of a refused name', () => {
    // Act
    const error = rejection(() => parse({ groupBy: `${'g'.repeat(64)}tail` }));

    // Assert
    expect(error.message).toBe(
      `parameter "groupBy" names "${'g'.repeat(64)}", which cannot be grouped; groupable columns: flight_id, seat_number`,
    );
  });

  it('reads a measure only as function:column, not a column whose name starts with a function name', () => {
    // Act
    const [plain, prefixed, named] = [
      rejection(() => parseAggregateRequest(timeline, { measures: 'mint' }, NOW, 31)),
      rejection(() => parseAggregateRequest(timeline, { measures: ':mint' }, NOW, 31)),
      parseAggregateRequest(timeline, { measures: 'min:mint' }, NOW, 31).spec.measures,
    ];

    // Assert
    expect(plain.message.startsWith('parameter "measures" names "mint", which is not a measure of "timeline"')).toBe(true);
    expect(prefixed.message.startsWith('parameter "measures" names ":mint", which is not a measure of "timeline"')).toBe(true);
    expect(named).toEqual([{ fn: 'min', column: timeline.columns[1] }]);
  });

  it('offers hours only when the partition column itself is a timestamp, whatever the other columns are', () => {
    // Prepare
    const daily = defineDataset({
      name: 'daily',
      description: 'd',
      columns: { stamp: { type: 'timestamp', description: 's' }, day: { type: 'date', description: 'd', required: true } },
      partitionColumn: 'day',
    });

    // Act
    const [timestamped, dated] = [allowedGranularities(timeline), allowedGranularities(daily)];

    // Assert
    expect([timestamped, dated]).toEqual([['hour', 'day'], ['day']]);
  });
});

describe('checkAggregateParameter', () => {
  it.each([
    ['from', '2025-01-10'],
    ['to', '2025-01-12'],
    ['groupBy', 'flight_id'],
    ['measures', 'count,min:boarded_at'],
    ['granularity', 'hour'],
    ['limit', '10'],
    ['nextToken', 'anything at all'],
    ['flight_id', '7'],
  ])('accepts a valid %s', (name, value) => {
    // Act
    const check = () => checkAggregateParameter(passengers, name, value);

    // Assert
    expect(check).not.toThrow();
  });

  it.each([
    ['from', '2025-13-01', /"from"/],
    ['to', 'yesterday', /"to"/],
    ['groupBy', 'name', /^parameter "groupBy" names "name", which cannot be grouped/],
    ['measures', 'sum:name', /^parameter "measures" names "sum:name", which is not a measure/],
    ['granularity', 'week', /^parameter "granularity" must be one of hour, day$/],
    ['limit', '0', /^parameter "limit" must be an integer from 1 to 1000$/],
    ['flight_id', 'seven', /"flight_id"/],
    ['name', 'Ann', /^parameter "name": column "name" cannot be filtered on/],
    [
      'columns',
      'name',
      /^parameter "columns" is not known; allowed parameters: from, to, groupBy, measures, granularity, limit, nextToken,/,
    ],
  ])('refuses an invalid %s as a first request would', (name, value, message) => {
    // Act
    const error = rejection(() => checkAggregateParameter(passengers, name, value));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(message);
  });
});
