import { describe, expect, it } from 'vitest';
import { smokeChecks } from '../../../../datasets/smoke-checks';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler, type QueryHandler } from '../../../../lambdas/query/handler';
import { measuredPassengers } from '../../../fixtures/measured-passengers';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const MONTH = { from: '2025-01-01', to: '2025-01-31' };
const PATH = '/v1/datasets/passengers/aggregate';

describe('aggregate route over the DuckDB engine (local mode)', () => {
  const lake = useDuckDbLake();
  const handler = (): QueryHandler =>
    createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets: [measuredPassengers, smokeChecks],
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      now: NOW,
    });
  const answer = async (query: Record<string, string>) => {
    const response = await handler()(apiEvent(PATH, query));
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  it('answers each group with its count, exact bigint sum, double average, distinct count and extremes, ordered by the group', async () => {
    // Act
    const { status, body } = await answer({
      ...MONTH,
      groupBy: 'flight_id',
      measures: 'count,sum:passenger_id,avg:passenger_id,count_distinct:passenger_id,min:boarded_at,max:boarded_at',
    });

    // Assert
    expect(status).toBe(200);
    expect(body.rows).toEqual([
      {
        flight_id: 100,
        count: 2,
        sum_passenger_id: 3,
        avg_passenger_id: 1.5,
        count_distinct_passenger_id: 2,
        min_boarded_at: '2025-01-10T08:00:00.123Z',
        max_boarded_at: '2025-01-10T08:30:00.000Z',
      },
      {
        flight_id: 200,
        count: 2,
        sum_passenger_id: 7,
        avg_passenger_id: 3.5,
        count_distinct_passenger_id: 2,
        min_boarded_at: '2025-01-11T23:59:59.999Z',
        max_boarded_at: '2025-01-12T00:00:00.000Z',
      },
      {
        flight_id: 300,
        count: 1,
        sum_passenger_id: '9007199254740993',
        avg_passenger_id: 9007199254740992,
        count_distinct_passenger_id: 1,
        min_boarded_at: '2025-01-12T06:00:00.500Z',
        max_boarded_at: '2025-01-12T06:00:00.500Z',
      },
    ]);
  });

  it('answers a sum past 2^53 over all rows as an exact string and the average as a double', async () => {
    // Act
    const { status, body } = await answer({ ...MONTH, measures: 'sum:passenger_id,avg:passenger_id,count' });

    // Assert
    expect(status).toBe(200);
    // The exact mean 1801439850948200.6 as the nearest double (doubles near 2^50 are 0.25 apart).
    expect(body.rows).toEqual([{ sum_passenger_id: '9007199254741003', avg_passenger_id: 1801439850948200.5, count: 5 }]);
  });

  it('counts rows per UTC day, each period the start of its day in ISO 8601', async () => {
    // Act
    const { body } = await answer({ ...MONTH, granularity: 'day' });

    // Assert
    expect(body.rows).toEqual([
      { period: '2025-01-10T00:00:00.000Z', count: 2 },
      { period: '2025-01-11T00:00:00.000Z', count: 1 },
      { period: '2025-01-12T00:00:00.000Z', count: 2 },
    ]);
  });

  it('buckets by hour, ordered by period then group, with a null group last', async () => {
    // Act
    const { body } = await answer({ ...MONTH, granularity: 'hour', groupBy: 'seat_number', measures: 'count' });

    // Assert
    expect(body.rows).toEqual([
      { seat_number: '1A', period: '2025-01-10T08:00:00.000Z', count: 1 },
      { seat_number: null, period: '2025-01-10T08:00:00.000Z', count: 1 },
      { seat_number: '2B', period: '2025-01-11T23:00:00.000Z', count: 1 },
      { seat_number: '2C', period: '2025-01-12T00:00:00.000Z', count: 1 },
      { seat_number: null, period: '2025-01-12T06:00:00.000Z', count: 1 },
    ]);
  });

  it('applies equality filters before grouping', async () => {
    // Act
    const { body } = await answer({ ...MONTH, flight_id: '200', groupBy: 'flight_id,seat_number', measures: 'count,min:name' });

    // Assert
    expect(body.rows).toEqual([
      { flight_id: 200, seat_number: '2B', count: 1, min_name: 'Bob; DROP TABLE x --' },
      { flight_id: 200, seat_number: '2C', count: 1, min_name: 'Back\\slash' },
    ]);
  });

  it('pages the groups with nextToken, which continues only the same aggregate', async () => {
    // Prepare
    const query = { ...MONTH, groupBy: 'flight_id', measures: 'count', limit: '2' };
    const first = await answer(query);

    // Act
    const second = await answer({ ...query, nextToken: first.body.nextToken });
    const changed = await answer({ ...query, measures: 'count,sum:passenger_id', nextToken: first.body.nextToken });
    const onRecords = await handler()(apiEvent('/v1/datasets/passengers/records', { nextToken: first.body.nextToken }));

    // Assert
    expect(first.body.rows).toEqual([
      { flight_id: 100, count: 2 },
      { flight_id: 200, count: 2 },
    ]);
    expect(second.body.rows).toEqual([{ flight_id: 300, count: 1 }]);
    expect(second.body.nextToken).toBeUndefined();
    expect([changed.status, changed.body.error.message]).toEqual([
      400,
      'parameter "measures" differs from the request this nextToken continues; repeat its first value or leave it out',
    ]);
    expect([onRecords.statusCode, JSON.parse(onRecords.body).error.message]).toEqual([
      400,
      'parameter "nextToken" continues a query of another route',
    ]);
  });

  it('refuses a records nextToken on the aggregate route', async () => {
    // Prepare
    const records = await handler()(apiEvent('/v1/datasets/passengers/records', { ...MONTH, columns: 'name', limit: '1' }));
    const { nextToken } = JSON.parse(records.body);

    // Act
    const { status, body } = await answer({ nextToken });

    // Assert
    expect([status, body.error.message]).toEqual([400, 'parameter "nextToken" continues a query of another route']);
  });
});
