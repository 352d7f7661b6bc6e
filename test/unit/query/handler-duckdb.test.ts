import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../datasets';
import { createDuckDbQueryEngine, type DuckDbQueryEngine } from '../../../lambdas/adapters/duckdb-query-engine';
import { createQueryHandler } from '../../../lambdas/query/handler';
import { apiEvent, type PassengerLake, writePassengerLake } from './passenger-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const MONTH = { from: '2025-01-01', to: '2025-01-31' };

describe('query handler over the DuckDB engine (local mode)', () => {
  let lake: PassengerLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await writePassengerLake();
    engine = await createDuckDbQueryEngine({ lakeDir: lake.lakeDir, datasets });
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('pages through the records with nextToken until the last page', async () => {
    // Prepare
    const handler = createQueryHandler({ engine, datasets, config: { waitBudgetMs: 5000, maxRangeDays: 31 }, now: NOW });
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
    const handler = createQueryHandler({ engine, datasets, config: { waitBudgetMs: 0, maxRangeDays: 31 }, now: NOW });
    const accepted = await handler(
      apiEvent('/v1/datasets/passengers/records', { ...MONTH, flight_id: '100', columns: 'name', order: 'name' }),
    );
    const { poll, queryId } = JSON.parse(accepted.body);
    await engine.waitForQuery(queryId, 10_000);

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
    const handler = createQueryHandler({ engine, datasets, config: { waitBudgetMs: 5000, maxRangeDays: 31 }, now: NOW });

    // Act
    const unknown = await handler(apiEvent('/v1/queries/00000000-0000-4000-8000-000000000000'));

    // Assert
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('query_not_found');
  });
});
