/**
 * With a nextToken, the other parameters are checked, not ignored: each may be left out or repeat the value the
 * first request gave it (`limit` the same page size); an invalid one, one the first request did not have, or one
 * with another value is refused with a 400 naming it. `/v1/queries/{queryId}` accepts only `limit` and `nextToken`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler, type QueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const FIRST = { from: '2025-01-01', to: '2025-01-31', order: 'passenger_id', columns: 'passenger_id', flight_id: '100', limit: '1' };

describe('parameters beside a nextToken', () => {
  const lake = useDuckDbLake();
  let handler: QueryHandler;
  let nextToken: string;
  let queryId: string;

  beforeAll(async () => {
    handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      now: NOW,
    });
    const first = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/records', FIRST))).body);
    nextToken = first.nextToken;
    queryId = first.queryId;
  });

  const records = async (query: Record<string, string>) => {
    const response = await handler(apiEvent('/v1/datasets/passengers/records', { ...query, nextToken }));
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };
  const queryRoute = async (query: Record<string, string>) => {
    const response = await handler(apiEvent(`/v1/queries/${queryId}`, { ...query, nextToken }));
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  it('serves the next page with the token alone, or with every first parameter repeated', async () => {
    // Act
    const alone = await records({});
    const repeated = await records(FIRST);
    const some = await records({ from: FIRST.from, limit: FIRST.limit });

    // Assert
    for (const answer of [alone, repeated, some]) {
      expect(answer.status).toBe(200);
      expect(answer.body.rows).toEqual([{ passenger_id: 2 }]);
    }
  });

  it.each([
    ['an invalid limit, an unknown parameter and an impossible date', { limit: '-5', bogus: '1', from: '2026-02-30' }, 'limit'],
    ['an unknown parameter', { bogus: '1' }, 'bogus'],
    ['an impossible date', { from: '2026-02-30' }, 'from'],
    ['a valid date other than the first one', { from: '2025-01-02' }, 'from'],
    ['another page size', { limit: '2' }, 'limit'],
    ['a filter the first request did not have', { seat_number: '1A' }, 'seat_number'],
    ['another filter value', { flight_id: '200' }, 'flight_id'],
    ['a filter value of the wrong type', { flight_id: 'abc' }, 'flight_id'],
    ['another projection', { columns: 'name' }, 'columns'],
    ['another order', { order: '-passenger_id' }, 'order'],
    ['a parameter named after a prototype member', { constructor: '1' }, 'constructor'],
  ])('refuses %s with a 400 naming it', async (_case, query, named) => {
    // Act
    const answer = await records(query);

    // Assert
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(`"${named}"`);
  });

  it('lists every invalid parameter beside the token, the first as the error', async () => {
    // Act
    const answer = await records({ limit: '2', bogus: '1', flight_id: '200' });

    // Assert
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('"limit"');
    expect(answer.body.errors.map((error: { parameter: string }) => error.parameter)).toEqual(['limit', 'bogus', 'flight_id']);
  });

  it('accepts only limit (the same page size) and nextToken on /v1/queries/{queryId}', async () => {
    // Act
    const alone = await queryRoute({});
    const sameLimit = await queryRoute({ limit: '1' });
    const otherLimit = await queryRoute({ limit: '-5' });
    const otherParameter = await queryRoute({ from: '2025-01-01' });

    // Assert
    expect([alone.status, sameLimit.status]).toEqual([200, 200]);
    expect(alone.body.rows).toEqual([{ passenger_id: 2 }]);
    expect(otherLimit.status).toBe(400);
    expect(otherLimit.body.error.message).toContain('"limit"');
    expect(otherParameter.status).toBe(400);
    expect(otherParameter.body.error.message).toContain('"from"');
  });
});
