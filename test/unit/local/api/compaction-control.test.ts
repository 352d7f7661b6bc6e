import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { type CompactedDayReport, DayNotClosedError } from '../../../../lambdas/compaction/compact-dataset';
import { type Compact, withCompactionControl } from '../../../../local/api/compaction-control';
import { apiEvent } from '../../../fixtures/api-gateway-events';

const REPORT: CompactedDayReport = { day: '2026-01-02', runId: 'r2', rows: 12, replacedRunId: 'r1', requests: 1 };

function control(compact: Compact, errors: unknown[] = []) {
  const calls: unknown[][] = [];
  const passed: APIGatewayProxyEvent[] = [];
  const handler = withCompactionControl(
    async (...args) => {
      calls.push(args);
      return compact(...args);
    },
    datasets,
    async (event) => {
      passed.push(event);
      return { statusCode: 204, body: '' };
    },
    (error) => errors.push(error),
  );
  return { handler, calls, passed };
}

const post = (query: Record<string, string>) => apiEvent('/local/compactions', query, 'POST');

describe('local compaction control endpoint', () => {
  it('runs the compaction of the dataset and day asked for and answers its reports', async () => {
    // Prepare
    const { handler, calls } = control(async () => [REPORT]);

    // Act
    const response = await handler(post({ dataset: 'passengers', day: '2026-01-02' }));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ dataset: 'passengers', reports: [REPORT] });
    expect(calls).toEqual([['passengers', '2026-01-02']]);
  });

  it('compacts every due day when no day is given', async () => {
    // Prepare
    const { handler, calls } = control(async () => []);

    // Act
    const response = await handler(post({ dataset: 'passengers' }));

    // Assert
    expect(JSON.parse(response.body)).toEqual({ dataset: 'passengers', reports: [] });
    expect(calls).toEqual([['passengers', undefined]]);
  });

  it('answers 400 naming each bad parameter and what is allowed, without compacting', async () => {
    // Prepare
    const { handler, calls } = control(async () => []);

    // Act
    const response = await handler(post({ dataset: 'flights', day: '2026-02-30' }));
    const missing = await handler(post({}));
    const unknown = await handler(post({ dataset: 'passengers', days: '2026-01-01' }));

    // Assert
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(400);
    expect(body.errors.map((error: { parameter: string }) => error.parameter)).toEqual(['dataset', 'day']);
    expect(body.errors[0].message).toContain('passengers');
    expect(body.errors[1].message).toContain('2026-02-30');
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body).error.message).toContain('"dataset"');
    expect(JSON.parse(unknown.body).error).toMatchObject({ code: 'unknown_parameter' });
    expect(calls).toEqual([]);
  });

  it('answers 409 for a day that is not closed yet', async () => {
    // Prepare
    const { handler } = control(async (_dataset, day) => {
      throw new DayNotClosedError(day ?? '', 3);
    });

    // Act
    const response = await handler(post({ dataset: 'passengers', day: '2026-01-02' }));

    // Assert
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).error).toEqual({
      code: 'day_not_closed',
      message: '2026-01-02 is not closed yet: a day is compacted from 3 h after it ends (UTC)',
    });
  });

  it('answers 405 to another method and 500 to a compaction that failed, reporting the failure', async () => {
    // Prepare
    const errors: unknown[] = [];
    const { handler } = control(async () => {
      throw new Error('disk gone');
    }, errors);

    // Act
    const get = await handler(apiEvent('/local/compactions', { dataset: 'passengers' }));
    const failed = await handler(post({ dataset: 'passengers' }));

    // Assert
    expect(get.statusCode).toBe(405);
    expect(get.headers?.allow).toBe('POST');
    expect(failed.statusCode).toBe(500);
    expect(JSON.parse(failed.body).error.message).toBe('the compaction failed: disk gone');
    expect(errors).toHaveLength(1);
  });

  it('hands every other request to the API handler unchanged', async () => {
    // Prepare
    const { handler, passed, calls } = control(async () => []);
    const event = apiEvent('/v1/datasets/passengers/records');

    // Act
    const response = await handler(event);

    // Assert
    expect(response.statusCode).toBe(204);
    expect(passed).toEqual([event]);
    expect(calls).toEqual([]);
  });
});
