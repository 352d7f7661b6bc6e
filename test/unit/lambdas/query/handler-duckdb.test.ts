import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const MONTH = { from: '2025-01-01', to: '2025-01-31' };

describe('query handler over the DuckDB engine (local mode)', () => {
  const lake = useDuckDbLake();

  it('pages through the records with nextToken until the last page', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: NOW,
    });
    const ids: unknown[] = [];
    let nextToken: string | undefined;
    let pages = 0;

    // Act
    do {
      const query: Record<string, string> = {
        ...MONTH,
        order: 'passenger_id',
        columns: 'passenger_id',
        limit: '2',
        ...(nextToken ? { nextToken } : {}),
      };
      const body = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/records', query))).body);
      ids.push(...body.rows.map((row: { passenger_id: unknown }) => row.passenger_id));
      nextToken = body.nextToken;
      pages++;
    } while (nextToken && pages < 10);

    // Assert
    expect(ids).toEqual([1, 2, 3, 4, '9007199254740993']);
    expect(pages).toBe(3);
  });

  it('answers 202 when the budget is spent and serves the rows on the poll path', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 0, maxRangeDays: 31 },
      now: NOW,
    });
    const accepted = await handler(
      apiEvent('/v1/datasets/passengers/records', { ...MONTH, flight_id: '100', columns: 'name', order: 'name' }),
    );
    const { poll, queryId } = JSON.parse(accepted.body);
    await lake.engine.waitForQuery(queryId, 10_000);

    // Act
    const done = await handler(apiEvent(poll));

    // Assert
    expect(accepted.statusCode).toBe(202);
    expect(done.statusCode).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({
      queryId,
      status: 'SUCCEEDED',
      rows: [{ name: "Ada O'Brien" }, { name: 'Zoë "Z" Ångström' }],
    });
  });

  it('answers 404 for a query id it never issued', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: NOW,
    });

    // Act
    const unknown = await handler(apiEvent('/v1/queries/00000000-0000-4000-8000-000000000000'));

    // Assert
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('query_not_found');
  });

  it('names the known datasets when the dataset is unknown', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: NOW,
    });

    // Act
    const answer = await handler(apiEvent('/v1/datasets/passenger/records', MONTH));

    // Assert
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body).error).toEqual({
      code: 'dataset_not_found',
      message: `dataset "passenger" is not known; known datasets: ${datasets.map((dataset) => dataset.name).join(', ')}`,
    });
  });

  it('reports every invalid parameter with the allowed names, the first as the error', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31 },
      now: NOW,
    });

    // Act
    const answer = await handler(apiEvent('/v1/datasets/passengers/records', { ...MONTH, colour: 'red', name: 'Ada', limit: 'all' }));

    // Assert
    const body = JSON.parse(answer.body);
    expect(answer.statusCode).toBe(400);
    expect(body.errors).toEqual([
      {
        parameter: 'colour',
        code: 'unknown_parameter',
        message: expect.stringContaining(
          'allowed parameters: from, to, columns, limit, order, nextToken, passenger_id, flight_id, seat_number',
        ),
      },
      {
        parameter: 'name',
        code: 'invalid_parameter',
        message: expect.stringContaining('filterable columns: passenger_id, flight_id, seat_number'),
      },
      { parameter: 'limit', code: 'invalid_parameter', message: 'parameter "limit" must be an integer from 1 to 1000' },
    ]);
    expect(body.error).toEqual({ code: body.errors[0].code, message: body.errors[0].message });
  });
});

describe('row cap over the DuckDB engine (local mode)', () => {
  const EIGHT_PASSENGERS = Array.from(
    { length: 8 },
    (_, index) =>
      `{"passenger_id": ${index + 1}, "flight_id": 500, "name": "P${index + 1}", "boarded_at": "2025-01-1${index % 3}T08:00:00Z"}`,
  );
  const lake = useDuckDbLake({ messages: EIGHT_PASSENGERS });

  async function allPages(maxResultRows: number, query: Record<string, string>) {
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 5000, maxRangeDays: 31, maxResultRows },
      now: NOW,
    });
    const pages: { rows: { passenger_id: number }[]; nextToken?: string; truncated?: boolean }[] = [];
    let nextToken: string | undefined;
    do {
      const response = await handler(
        apiEvent('/v1/datasets/passengers/records', { ...MONTH, ...query, ...(nextToken ? { nextToken } : {}) }),
      );
      const body = JSON.parse(response.body);
      pages.push(body);
      nextToken = body.nextToken;
    } while (nextToken && pages.length < 10);
    return pages;
  }

  it('serves exactly cap rows of an ordered query across pages and says truncated on the last page', async () => {
    // Act
    const pages = await allPages(5, { order: 'passenger_id', columns: 'passenger_id', limit: '2' });

    // Assert
    expect(pages.map((page) => page.rows.map((row) => row.passenger_id))).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages.map((page) => page.truncated)).toEqual([undefined, undefined, true]);
    expect(pages.at(-1)?.nextToken).toBeUndefined();
  });

  it('serves exactly cap distinct rows of an unordered query, paging over its one result', async () => {
    // Act
    const pages = await allPages(5, { columns: 'passenger_id', limit: '2' });

    // Assert
    const ids = pages.flatMap((page) => page.rows.map((row) => row.passenger_id));
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(pages.at(-1)?.truncated).toBe(true);
  });

  it('does not call an answer of exactly cap rows truncated', async () => {
    // Act
    const pages = await allPages(8, { order: 'passenger_id', columns: 'passenger_id', limit: '3' });

    // Assert
    expect(pages.flatMap((page) => page.rows.map((row) => row.passenger_id))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pages.every((page) => page.truncated === undefined)).toBe(true);
  });

  it('applies the cap on the poll path of a query that answered 202', async () => {
    // Prepare
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: lake.engine,
      datasets,
      config: { waitBudgetMs: 0, maxRangeDays: 31, maxResultRows: 5 },
      now: NOW,
    });
    const accepted = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/records', { ...MONTH, limit: '100' }))).body);
    await lake.engine.waitForQuery(accepted.queryId, 10_000);

    // Act
    const done = JSON.parse((await handler(apiEvent(accepted.poll))).body);

    // Assert
    expect(done.rows).toHaveLength(5);
    expect(done.truncated).toBe(true);
    expect(done.nextToken).toBeUndefined();
  });
});
