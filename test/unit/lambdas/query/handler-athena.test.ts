import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InternalServerException,
  InvalidRequestException,
  StartQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { datasets } from '../../../../datasets';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';

const athena = mockClient(AthenaClient);
const NOW = () => new Date('2025-01-31T15:00:00Z');
const COLUMNS = [
  ['passenger_id', 'bigint'],
  ['name', 'varchar'],
  ['boarded_at', 'timestamp'],
] as const;

function handlerWith(options: { waitBudgetMs?: number; reuseMinutes?: number; maxResultRows?: number; metrics?: Metrics } = {}) {
  const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
    workGroup: WORKGROUP,
    database: DATABASE,
  });
  return createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine,
    datasets,
    config: {
      waitBudgetMs: options.waitBudgetMs ?? 2000,
      maxRangeDays: 31,
      pollIntervalMs: 1,
      maxPollIntervalMs: 5,
      ...(options.reuseMinutes === undefined ? {} : { resultReuseMaxAgeMinutes: options.reuseMinutes }),
      ...(options.maxResultRows === undefined ? {} : { maxResultRows: options.maxResultRows }),
    },
    now: NOW,
    metrics: options.metrics,
  });
}

const recordsEvent = (query: Record<string, string> = {}) =>
  apiEvent('/v1/datasets/passengers/records', { from: '2025-01-10', to: '2025-01-12', ...query });

/** A succeeded query whose rows 1, 2 come on Athena's first page (after the header) and row 3 on a second page read with `secondMaxResults`. */
function succeededOverTwoAthenaPages(secondMaxResults: number): void {
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  athena
    .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 3 })
    .resolves(
      resultsPage(
        COLUMNS,
        [
          ['1', 'a', null],
          ['2', 'b', null],
        ],
        { first: true, nextToken: 'athena-page-2' },
      ),
    )
    .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: secondMaxResults, NextToken: 'athena-page-2' })
    .resolves(resultsPage(COLUMNS, [['3', 'c', null]], { first: false }));
}

describe('query handler over Athena', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
  });

  it('starts a parameterised query in the workgroup with result reuse, polls it and answers typed rows', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves(resultsPage(COLUMNS, [['9007199254740993', "O'Brien", '2025-01-10 08:00:00.123']], { first: true }));

    // Act
    const response = await handlerWith({ reuseMinutes: 5 })(recordsEvent({ flight_id: '100', columns: 'passenger_id,name,boarded_at' }));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      rows: [{ passenger_id: '9007199254740993', name: "O'Brien", boarded_at: '2025-01-10T08:00:00.123Z' }],
      queryId: QUERY_ID,
      stats: { bytesScanned: 2048, engineMs: 321 },
    });
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString:
        'SELECT "passenger_id", "name", "boarded_at" FROM (SELECT "passenger_id", "name", "boarded_at" FROM ' +
        '(SELECT "passenger_id", "name", "boarded_at", ' +
        'ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ORDER BY "lakeline_ingested_at") AS "lakeline_copy" ' +
        'FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "flight_id" = ?) WHERE "lakeline_copy" = 1) LIMIT 100001',
      WorkGroup: WORKGROUP,
      QueryExecutionContext: { Database: DATABASE },
      ExecutionParameters: ["'2025-01-10'", "'2025-01-12'", "BIGINT '100'"],
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } },
    });
    expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 3);
    expect(athena).toHaveReceivedCommandWith(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 101 });
  });

  it('turns result reuse off when its maximum age is 0', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage(COLUMNS, [], { first: true }));

    // Act
    await handlerWith({ reuseMinutes: 0 })(recordsEvent());

    // Assert
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    });
  });

  it('refuses to start with a result reuse age above the freshness objective', () => {
    // Act
    const create = () => handlerWith({ reuseMinutes: 60 });

    // Assert
    expect(create).toThrow(/RESULT_REUSE_MAX_AGE_MINUTES|freshness/);
  });

  it('answers 502 with the query id and Athena reason when the query fails', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('FAILED', { reason: 'HIVE_BAD_DATA: bad line' }));

    // Act
    const response = await handlerWith()(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(502);
    const body = JSON.parse(response.body);
    expect(body.error).toMatchObject({ code: 'query_failed', queryId: QUERY_ID });
    expect(body.error.message).toContain('HIVE_BAD_DATA: bad line');
  });

  it('answers 502 naming the bytes-scanned cutoff when the workgroup cancels the query for scanning too much', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('CANCELLED', { reason: 'Query exhausted the bytes scanned limit' }));

    // Act
    const response = await handlerWith()(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'query_failed',
      queryId: QUERY_ID,
      message: expect.stringContaining('cancelled: Query exhausted the bytes scanned limit'),
    });
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('answers 202 with a poll path when the query outlives the wait budget', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));

    // Act
    const response = await handlerWith({ waitBudgetMs: 20 })(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ queryId: QUERY_ID, status: 'RUNNING', poll: `/v1/queries/${QUERY_ID}` });
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('keeps a non-default limit in the poll path', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('QUEUED'));

    // Act
    const response = await handlerWith({ waitBudgetMs: 0 })(recordsEvent({ limit: '5' }));

    // Assert
    expect(JSON.parse(response.body).poll).toBe(`/v1/queries/${QUERY_ID}?limit=5`);
  });

  it('pages across Athena pages with an opaque token, skipping the header row only on the first page', async () => {
    // Prepare
    succeededOverTwoAthenaPages(2);
    const handler = handlerWith();

    // Act
    const first = JSON.parse((await handler(recordsEvent({ limit: '2' }))).body);
    const second = JSON.parse((await handler(recordsEvent({ limit: '2', nextToken: first.nextToken }))).body);

    // Assert
    expect(first.rows.map((row: { passenger_id: number }) => row.passenger_id)).toEqual([1, 2]);
    expect(first.nextToken).not.toContain('athena-page-2');
    expect(second.rows).toEqual([{ passenger_id: 3, name: 'c', boarded_at: null }]);
    expect(second.nextToken).toBeUndefined();
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
  });

  it('sends the row cap as LIMIT cap+1 and answers at most cap rows, saying the answer was truncated', async () => {
    // Prepare
    succeededOverTwoAthenaPages(1);

    // Act
    const response = await handlerWith({ maxResultRows: 2 })(recordsEvent({ limit: '10' }));

    // Assert
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString).toMatch(/ LIMIT 3$/);
    const body = JSON.parse(response.body);
    expect(body.rows.map((row: { passenger_id: number }) => row.passenger_id)).toEqual([1, 2]);
    expect(body.truncated).toBe(true);
    expect(body.nextToken).toBeUndefined();
  });

  it('answers 400, not 500, to a tampered or foreign nextToken', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).rejects(new InvalidRequestException({ message: 'bad token', $metadata: {} }));
    const handler = handlerWith();
    const forged = Buffer.from(JSON.stringify({ v: 1, q: QUERY_ID, t: 'forged', n: 10, d: 'passengers' })).toString('base64url');

    // Act
    const garbled = await handler(recordsEvent({ nextToken: 'eyJub3QiOiJ0b2tlbiJ9' }));
    const rejectedByAthena = await handler(recordsEvent({ nextToken: forged }));

    // Assert
    expect(garbled.statusCode).toBe(400);
    expect(JSON.parse(garbled.body).error.message).toContain('"nextToken"');
    expect(rejectedByAthena.statusCode).toBe(400);
  });

  it('reports a running query as 202 and a finished one as a page on /v1/queries/{id}', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolvesOnce(execution('RUNNING')).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage(COLUMNS, [['1', 'a', '2025-01-10 08:00:00.000']], { first: true }));
    const handler = handlerWith();

    // Act
    const running = await handler(apiEvent(`/v1/queries/${QUERY_ID}`));
    const done = await handler(apiEvent(`/v1/queries/${QUERY_ID}`));

    // Assert
    expect(running.statusCode).toBe(202);
    expect(JSON.parse(running.body)).toEqual({ queryId: QUERY_ID, status: 'RUNNING', poll: `/v1/queries/${QUERY_ID}` });
    expect(done.statusCode).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({
      status: 'SUCCEEDED',
      queryId: QUERY_ID,
      rows: [{ passenger_id: 1, boarded_at: '2025-01-10T08:00:00.000Z' }],
    });
  });

  it('answers 404 for a query Athena does not know, a malformed id, or one of another workgroup', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: QUERY_ID })
      .rejects(new InvalidRequestException({ message: 'QueryExecution was not found', $metadata: {} }));
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: '11111111-2222-3333-4444-555555555555' })
      .resolves(execution('SUCCEEDED', { workGroup: 'other' }));
    const handler = handlerWith();

    // Act
    const unknown = await handler(apiEvent(`/v1/queries/${QUERY_ID}`));
    const malformed = await handler(apiEvent('/v1/queries/not-a-query'));
    const foreign = await handler(apiEvent('/v1/queries/11111111-2222-3333-4444-555555555555'));

    // Assert
    expect([unknown.statusCode, malformed.statusCode, foreign.statusCode]).toEqual([404, 404, 404]);
    expect(JSON.parse(unknown.body).error.code).toBe('query_not_found');
  });

  it('answers 502 without internals when Athena fails to start the query', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).rejects(new InternalServerException({ message: 'internal failure', $metadata: {} }));

    // Act
    const response = await handlerWith()(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(502);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'engine_error', message: 'the query engine failed to start the query' } });
    expect(response.body).not.toContain(' at ');
  });

  it('answers 503 engine_busy with Retry-After, not 502, when Athena refuses a query over the active query quota', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    // Act
    const response = await handlerWith()(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body).error).toEqual({
      code: 'engine_busy',
      message: 'the query engine is busy and could not start the query; retry later',
    });
  });

  it('answers 503 with Retry-After when Athena throttles reading the results of a finished query', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    // Act
    const response = await handlerWith()(recordsEvent());

    // Assert
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'engine_busy', queryId: QUERY_ID });
  });

  it('issues nextTokens that work until the results bucket deletes the result, 7 days after the query completed, then answers 410', async () => {
    // Prepare
    const completed = new Date('2025-01-31T14:59:00.000Z');
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { completed }));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 2 })
      .resolves(resultsPage(COLUMNS, [['1', 'a', null]], { first: true, nextToken: 'athena-page-2' }))
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 1, NextToken: 'athena-page-2' })
      .resolves(resultsPage(COLUMNS, [['2', 'b', null]], { first: false }));
    const first = JSON.parse((await handlerWith()(recordsEvent({ limit: '1' }))).body);
    const expiry = new Date(completed.getTime() + 7 * 86_400_000);
    const at = (time: Date) =>
      createQueryHandler({
        compactedDays: NO_COMPACTED_DAYS,
        engine: createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workGroup: WORKGROUP, database: DATABASE }),
        datasets,
        config: { waitBudgetMs: 1000, maxRangeDays: 31, pollIntervalMs: 1, maxPollIntervalMs: 1 },
        now: () => time,
      });

    // Act
    const beforeExpiry = await at(new Date(expiry.getTime() - 1000))(recordsEvent({ nextToken: first.nextToken }));
    const afterExpiry = await at(expiry)(recordsEvent({ nextToken: first.nextToken }));

    // Assert
    expect(beforeExpiry.statusCode).toBe(200);
    expect(JSON.parse(beforeExpiry.body).rows).toEqual([{ passenger_id: 2, name: 'b', boarded_at: null }]);
    expect(afterExpiry.statusCode).toBe(410);
    expect(JSON.parse(afterExpiry.body).error).toMatchObject({
      code: 'next_token_expired',
      message: expect.stringContaining(expiry.toISOString()),
    });
  });

  it('answers 404 for an unknown dataset or route, 405 for another method, 400 for bad values, without calling Athena', async () => {
    // Prepare
    const handler = handlerWith();

    // Act
    const statuses = await Promise.all([
      handler(apiEvent('/v1/datasets/nope/records')),
      handler(apiEvent('/v1/nothing')),
      handler(apiEvent('/v1/datasets/passengers/records', {}, 'POST')),
      handler(recordsEvent({ passenger_id: "1' OR '1'='1" })),
    ]);

    // Assert
    expect(statuses.map((response) => response.statusCode)).toEqual([404, 404, 405, 400]);
    expect(JSON.parse(statuses[3]?.body ?? '{}').error.message).toContain('"passenger_id"');
    expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
  });

  it('serves the dataset list and the OpenAPI document as JSON', async () => {
    // Prepare
    const handler = handlerWith();

    // Act
    const list = await handler(apiEvent('/v1/datasets'));
    const openapi = await handler(apiEvent('/v1/openapi.json'));

    // Assert
    expect(JSON.parse(list.body).datasets[0]).toMatchObject({
      name: 'passengers',
      partitionColumn: 'boarded_at',
      filters: ['passenger_id', 'flight_id', 'seat_number'],
    });
    expect(JSON.parse(openapi.body).openapi).toBe('3.0.3');
    expect(openapi.headers?.['content-type']).toBe('application/json');
  });

  it('routes API Gateway events by resource and path parameters', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    const event = { ...apiEvent(`/prod/v1/queries/${QUERY_ID}`), resource: '/v1/queries/{queryId}', pathParameters: { queryId: QUERY_ID } };

    // Act
    const response = await handlerWith()(event);

    // Assert
    expect(response.statusCode).toBe(202);
  });

  it('counts queries, bytes scanned, engine time and client errors as metrics', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { bytes: 4096, ms: 250 }));
    athena.on(GetQueryResultsCommand).resolves(resultsPage(COLUMNS, [], { first: true }));
    const metrics = { addMetric: vi.fn(), publishStoredMetrics: vi.fn() };
    const handler = handlerWith({ metrics: metrics as unknown as Metrics });

    // Act
    await handler(recordsEvent());
    await handler(recordsEvent({ limit: 'many' }));

    // Assert
    expect(metrics.addMetric.mock.calls).toEqual([
      ['Queries', 'Count', 1],
      ['BytesScanned', 'Bytes', 4096],
      ['EngineTime', 'Milliseconds', 250],
      ['ClientErrors', 'Count', 1],
    ]);
    expect(metrics.publishStoredMetrics).toHaveBeenCalledTimes(2);
  });
});
