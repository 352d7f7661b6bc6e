import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { ARRAY_WITH_MISSING, ingestRefused, rejectedLinesOnDisk, UNREADABLE, WRONG_TYPE } from '../../../fixtures/rejected-lake';
import { useDuckDbLake } from '../../../support/duckdb-lake';

const NOW = () => new Date('2025-01-31T15:00:00Z');
const RANGE = { from: '2025-01-15', to: '2025-01-31' };

function handlerOver(lake: { engine: Parameters<typeof createQueryHandler>[0]['engine'] }, waitBudgetMs = 5000) {
  return createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine: lake.engine,
    datasets,
    config: { waitBudgetMs, maxRangeDays: 31 },
    now: NOW,
  });
}

describe('rejected routes over the DuckDB engine (local mode)', () => {
  // The wrong-typed message is delivered twice, in two batches: its rejected line is stored twice.
  const lake = useDuckDbLake({
    fill: async (lakeDir) => {
      await ingestRefused(lakeDir);
      await ingestRefused(lakeDir, [WRONG_TYPE]);
    },
  });

  it('answers every rejected record once, oldest received first, with the reasons and original text the ingest wrote', async () => {
    // Prepare
    const handler = handlerOver(lake);
    const onDisk = await rejectedLinesOnDisk(lake.lakeDir);

    // Act
    const answer = await handler(apiEvent('/v1/datasets/passengers/rejected', RANGE));

    // Assert
    expect(answer.statusCode).toBe(200);
    const { rows } = JSON.parse(answer.body);
    expect(rows.map((row: { messageId: string; recordIndex: number | null }) => [row.messageId, row.recordIndex])).toEqual([
      [ARRAY_WITH_MISSING.snsMessageId, 1],
      [WRONG_TYPE.snsMessageId, 0],
      [UNREADABLE.snsMessageId, null],
    ]);
    expect(onDisk).toHaveLength(4);
    for (const row of rows) {
      const line = onDisk.find((candidate) => candidate.messageId === row.messageId && candidate.recordIndex === row.recordIndex);
      expect(row).toEqual(line);
    }
    expect(rows[1].original).toContain('Zoë \\"Q\\" 😀 Ångström');
    expect(rows[2].original).toBe(UNREADABLE.message);
    expect(rows[1].reasons.length).toBeGreaterThan(0);
    expect(rows[1].receivedAt).toBe('2025-01-20T10:00:00.000Z');
  });

  it('counts the distinct rejected records per receive date', async () => {
    // Prepare
    const handler = handlerOver(lake);

    // Act
    const answer = await handler(apiEvent('/v1/datasets/passengers/rejected/daily', RANGE));

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body).rows).toEqual([
      { day: '2025-01-20', rejected: 2 },
      { day: '2025-01-21', rejected: 1 },
    ]);
  });

  it('pages with nextToken and refuses that token on the records route', async () => {
    // Prepare
    const handler = handlerOver(lake);
    const first = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/rejected', { ...RANGE, limit: '2' }))).body);

    // Act
    const second = await handler(apiEvent('/v1/datasets/passengers/rejected', { ...RANGE, nextToken: first.nextToken }));
    const elsewhere = await handler(apiEvent('/v1/datasets/passengers/records', { nextToken: first.nextToken }));

    // Assert
    expect(first.rows).toHaveLength(2);
    expect(JSON.parse(second.body).rows.map((row: { messageId: string }) => row.messageId)).toEqual([UNREADABLE.snsMessageId]);
    expect(elsewhere.statusCode).toBe(400);
    expect(JSON.parse(elsewhere.body).error.message).toContain('another route');
  });

  it('answers 202 when the budget is spent, then the page on the poll path', async () => {
    // Prepare
    const handler = handlerOver(lake, 0);
    const accepted = await handler(apiEvent('/v1/datasets/passengers/rejected', RANGE));
    const { poll, queryId } = JSON.parse(accepted.body);
    await lake.engine.waitForQuery(queryId, 10_000);

    // Act
    const done = await handler(apiEvent(poll));

    // Assert
    expect(accepted.statusCode).toBe(202);
    expect(done.statusCode).toBe(200);
    expect(JSON.parse(done.body).rows).toHaveLength(3);
  });

  it('refuses unknown parameters and bad dates together in one 400', async () => {
    // Prepare
    const handler = handlerOver(lake);

    // Act
    const answer = await handler(apiEvent('/v1/datasets/passengers/rejected', { from: '2025-02-30', columns: 'x' }));

    // Assert
    expect(answer.statusCode).toBe(400);
    expect(
      JSON.parse(answer.body)
        .errors.map((error: { parameter: string }) => error.parameter)
        .sort(),
    ).toEqual(['columns', 'from']);
  });
});

describe('rejected routes before any record was refused', () => {
  const lake = useDuckDbLake();

  it('answers no rows from the empty view', async () => {
    // Prepare
    const handler = handlerOver(lake);

    // Act
    const rows = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/rejected', RANGE))).body).rows;
    const daily = JSON.parse((await handler(apiEvent('/v1/datasets/passengers/rejected/daily', RANGE))).body).rows;

    // Assert
    expect(rows).toEqual([]);
    expect(daily).toEqual([]);
  });
});
