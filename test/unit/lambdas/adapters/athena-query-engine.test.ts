import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/api-gateway-events';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';

const athena = mockClient(AthenaClient);
const COLUMNS = [
  ['id', 'bigint'],
  ['seat', 'varchar'],
] as const;
const engine = () =>
  createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
    workGroup: WORKGROUP,
    database: DATABASE,
  });

describe('Athena query engine', () => {
  beforeEach(() => {
    athena.reset();
  });

  it('renders each parameter as one literal and omits ExecutionParameters when there are none', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });

    // Act
    await engine().startQuery({
      sql: 'SELECT 1 FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "boarded_at" = ?',
      parameters: [
        { type: 'string', value: "it's" },
        { type: 'string', value: '2025-01-31' },
        { type: 'timestamp', value: new Date('2025-01-31T23:59:59.999Z') },
      ],
    });
    await engine().startQuery({ sql: 'SELECT 1', parameters: [] });

    // Assert
    const inputs = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.ExecutionParameters).toEqual(["'it''s'", "'2025-01-31'", "TIMESTAMP '2025-01-31 23:59:59.999'"]);
    expect(inputs[1]).not.toHaveProperty('ExecutionParameters');
  });

  it('sends the result reuse of each request: enabled with its age when given, disabled when not', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    const athenaEngine = engine();

    // Act
    await athenaEngine.startQuery({ sql: 'SELECT 1', parameters: [], resultReuse: { maxAgeMinutes: 5 } });
    await athenaEngine.startQuery({ sql: 'SELECT 1', parameters: [] });

    // Assert
    const inputs = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.ResultReuseConfiguration).toEqual({ ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } });
    expect(inputs[1]?.ResultReuseConfiguration).toEqual({ ResultReuseByAgeConfiguration: { Enabled: false } });
  });

  it('never overrides the workgroup result configuration, which would turn result reuse off', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });

    // Act
    await engine().startQuery({ sql: 'SELECT 1', parameters: [], resultReuse: { maxAgeMinutes: 5 } });

    // Assert
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input).not.toHaveProperty('ResultConfiguration');
    expect(input?.WorkGroup).toBe(WORKGROUP);
  });

  it.each([
    ['a range that includes today', { from: '2025-01-25', to: '2025-01-31' }, 5, { Enabled: false }],
    ['a range of days that ended before today', { from: '2025-01-10', to: '2025-01-12' }, 5, { Enabled: true, MaxAgeInMinutes: 5 }],
    ['a past range with the reuse setting 0', { from: '2025-01-10', to: '2025-01-12' }, 0, { Enabled: false }],
  ])('decides result reuse per request through the query handler: %s', async (_, range, reuseMinutes, expected) => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage(COLUMNS, [], { first: true }));
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: engine(),
      datasets,
      config: { waitBudgetMs: 1000, maxRangeDays: 31, pollIntervalMs: 1, resultReuseMaxAgeMinutes: reuseMinutes },
      now: () => new Date('2025-01-31T15:00:00Z'),
    });

    // Act
    const response = await handler(apiEvent('/v1/datasets/passengers/records', range));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: expected },
    });
  });

  it('maps the execution to a status with the reason, bytes scanned and engine time', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('CANCELLED', { reason: 'Query exhausted the bytes scanned limit', bytes: 10, ms: 5 }));

    // Act
    const status = await engine().getQueryStatus(QUERY_ID);

    // Assert
    expect(status).toEqual({ state: 'CANCELLED', reason: 'Query exhausted the bytes scanned limit', bytesScanned: 10, engineMs: 5 });
  });

  it('skips the header row on the first page only and keeps nulls', async () => {
    // Prepare
    athena
      .on(GetQueryResultsCommand, { MaxResults: 3 })
      .resolves(
        resultsPage(
          COLUMNS,
          [
            ['1', null],
            ['2', '2B'],
          ],
          { first: true, nextToken: 'next' },
        ),
      )
      .on(GetQueryResultsCommand, { MaxResults: 2, NextToken: 'next' })
      .resolves(resultsPage(COLUMNS, [['id', 'seat']], { first: false }));

    // Act
    const first = await engine().getQueryResults(QUERY_ID, { pageSize: 2 });
    const second = await engine().getQueryResults(QUERY_ID, { pageSize: 2, pageToken: 'next' });

    // Assert
    expect(first).toEqual({
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'seat', type: 'string' },
      ],
      rows: [
        ['1', null],
        ['2', '2B'],
      ],
      nextToken: 'next',
    });
    // A data row that looks like the header is still data on a later page.
    expect(second.rows).toEqual([['id', 'seat']]);
    expect(second.nextToken).toBeUndefined();
  });

  it("fills a first page of 1000 rows with a second call, since the header takes one of Athena's 1000", async () => {
    // Prepare
    const rows = Array.from({ length: 999 }, (_, index) => [String(index), null]);
    athena
      .on(GetQueryResultsCommand, { MaxResults: 1000 })
      .resolves(resultsPage(COLUMNS, rows, { first: true, nextToken: 'a' }))
      .on(GetQueryResultsCommand, { MaxResults: 1, NextToken: 'a' })
      .resolves(resultsPage(COLUMNS, [['999', null]], { first: false, nextToken: 'b' }));

    // Act
    const page = await engine().getQueryResults(QUERY_ID, { pageSize: 1000 });

    // Assert
    expect(page.rows).toHaveLength(1000);
    expect(page.rows[999]).toEqual(['999', null]);
    expect(page.nextToken).toBe('b');
  });
});
