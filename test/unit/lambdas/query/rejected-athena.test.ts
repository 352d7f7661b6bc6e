import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { passengers } from '../../../../datasets/passengers';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { buildRejectedDailyQuery, buildRejectedQuery } from '../../../../lambdas/core/rejected-query';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';

const athena = mockClient(AthenaClient);
const NOW = () => new Date('2025-01-31T15:00:00Z');
const RANGE = { from: '2025-01-10', to: '2025-01-12' };

function handler() {
  const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workGroup: WORKGROUP, database: DATABASE });
  return createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine,
    datasets,
    config: { waitBudgetMs: 2000, maxRangeDays: 31, pollIntervalMs: 1, maxPollIntervalMs: 5, resultReuseMaxAgeMinutes: 5 },
    now: NOW,
  });
}

describe('rejected routes over Athena', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  });

  it('runs the rejected SQL with the receive dates as parameters and types the json Athena returns for the reasons', async () => {
    // Prepare: Athena labels the columns in lower case and renders the JSON cast of the reasons as its text.
    athena.on(GetQueryResultsCommand).resolves(
      resultsPage(
        [
          ['messageid', 'varchar'],
          ['recordindex', 'integer'],
          ['receivedat', 'varchar'],
          ['reasons', 'json'],
          ['original', 'varchar'],
        ],
        [
          ['m-1', null, '2025-01-10T09:00:00.000Z', '[{"path":"","message":"not JSON: Unexpected token"}]', '{oops'],
          ['m-2', '3', '2025-01-11T09:00:00.000Z', '[{"path":"/name","message":"expected \\"string\\""}]', '{"name": "Zoë \\"Z\\""}'],
        ],
        { first: true },
      ),
    );

    // Act
    const response = await handler()(apiEvent('/v1/datasets/passengers/rejected', RANGE));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).rows).toEqual([
      {
        messageId: 'm-1',
        recordIndex: null,
        receivedAt: '2025-01-10T09:00:00.000Z',
        reasons: [{ path: '', message: 'not JSON: Unexpected token' }],
        original: '{oops',
      },
      {
        messageId: 'm-2',
        recordIndex: 3,
        receivedAt: '2025-01-11T09:00:00.000Z',
        reasons: [{ path: '/name', message: 'expected "string"' }],
        original: '{"name": "Zoë \\"Z\\""}',
      },
    ]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: buildRejectedQuery(passengers, RANGE).sql,
      WorkGroup: WORKGROUP,
      QueryExecutionContext: { Database: DATABASE },
      ExecutionParameters: ["'2025-01-10'", "'2025-01-12'"],
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } },
    });
    expect(buildRejectedQuery(passengers, RANGE).sql).toContain('CAST("reasons" AS JSON) AS "reasons"');
  });

  it('answers the daily counts as numbers', async () => {
    // Prepare
    athena.on(GetQueryResultsCommand).resolves(
      resultsPage(
        [
          ['day', 'varchar'],
          ['rejected', 'bigint'],
        ],
        [
          ['2025-01-10', '2'],
          ['2025-01-12', '7'],
        ],
        { first: true },
      ),
    );

    // Act
    const response = await handler()(apiEvent('/v1/datasets/passengers/rejected/daily', RANGE));

    // Assert
    expect(JSON.parse(response.body).rows).toEqual([
      { day: '2025-01-10', rejected: 2 },
      { day: '2025-01-12', rejected: 7 },
    ]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: buildRejectedDailyQuery(passengers, RANGE).sql,
      ExecutionParameters: ["'2025-01-10'", "'2025-01-12'"],
    });
    expect(athena).toHaveReceivedCommandWith(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, MaxResults: 1000 });
  });
});
