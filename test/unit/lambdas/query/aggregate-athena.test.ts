import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import type { CompactedDaysReader } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { measuredPassengers } from '../../../fixtures/measured-passengers';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';

const athena = mockClient(AthenaClient);
const NOW = () => new Date('2025-01-31T15:00:00Z');
const COMPACTED_11TH: CompactedDaysReader = {
  compactedDays: async () => [{ day: '2025-01-11', runId: 'run-1', compactedAt: '2025-01-12T03:00:00.000Z' }],
};

function handlerWith(compactedDays: CompactedDaysReader, waitBudgetMs = 2000) {
  const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workGroup: WORKGROUP, database: DATABASE });
  return createQueryHandler({
    compactedDays,
    engine,
    datasets: [measuredPassengers, ...datasets.filter((dataset) => dataset.name !== measuredPassengers.name)],
    config: { waitBudgetMs, maxRangeDays: 31, pollIntervalMs: 1, maxPollIntervalMs: 5, resultReuseMaxAgeMinutes: 5 },
    now: NOW,
  });
}

describe('aggregate route over Athena', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
  });

  it('starts the fixed aggregate SQL with every value an execution parameter, and types the rows Athena renders', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(
      resultsPage(
        [
          ['flight_id', 'bigint'],
          ['period', 'timestamp(3)'],
          ['count', 'bigint'],
          ['sum_passenger_id', 'bigint'],
          ['avg_passenger_id', 'double'],
        ],
        [
          ['100', '2025-01-10 00:00:00.000', '2', '3', '1.5'],
          ['300', '2025-01-12 00:00:00.000', '1', '9007199254740993', '9.007199254740992E15'],
        ],
        { first: true },
      ),
    );
    const event = apiEvent('/v1/datasets/passengers/aggregate', {
      from: '2025-01-10',
      to: '2025-01-12',
      groupBy: 'flight_id',
      measures: 'count,sum:passenger_id,avg:passenger_id',
      granularity: 'day',
      seat_number: "1A' OR '1'='1",
    });

    // Act
    const response = await handlerWith(COMPACTED_11TH)(event);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      rows: [
        { flight_id: 100, period: '2025-01-10T00:00:00.000Z', count: 2, sum_passenger_id: 3, avg_passenger_id: 1.5 },
        {
          flight_id: 300,
          period: '2025-01-12T00:00:00.000Z',
          count: 1,
          sum_passenger_id: '9007199254740993',
          avg_passenger_id: 9007199254740992,
        },
      ],
      queryId: QUERY_ID,
      stats: { bytesScanned: 2048, engineMs: 321 },
    });
    const columns = '"flight_id", "passenger_id", "boarded_at"';
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString:
        `SELECT "flight_id", date_trunc('day', "boarded_at") AS "period", count(*) AS "count", ` +
        `CAST(sum("passenger_id") AS BIGINT) AS "sum_passenger_id", avg("passenger_id") AS "avg_passenger_id" FROM (` +
        `SELECT ${columns} FROM (SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ` +
        `ORDER BY "lakeline_ingested_at") AS "lakeline_copy" FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "dt" NOT IN (?) ` +
        `AND "seat_number" = ?) WHERE "lakeline_copy" = 1 UNION ALL ` +
        `SELECT ${columns} FROM "lakeline_curated_passengers" WHERE "dt" IN (?) AND "seat_number" = ?) ` +
        `GROUP BY "flight_id", date_trunc('day', "boarded_at") ` +
        `ORDER BY date_trunc('day', "boarded_at") ASC NULLS LAST, "flight_id" ASC NULLS LAST LIMIT 100001`,
      ExecutionParameters: ["'2025-01-10'", "'2025-01-12'", "'2025-01-11'", "'1A'' OR ''1''=''1'", "'2025-01-11'", "'1A'' OR ''1''=''1'"],
      WorkGroup: WORKGROUP,
      QueryExecutionContext: { Database: DATABASE },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } },
    });
  });

  it('answers 202 with the poll path while Athena still runs the aggregate, keeping the page size', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));

    // Act
    const response = await handlerWith(COMPACTED_11TH, 0)(apiEvent('/v1/datasets/passengers/aggregate', { limit: '5' }));

    // Assert
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ queryId: QUERY_ID, status: 'RUNNING', poll: `/v1/queries/${QUERY_ID}?limit=5` });
  });

  it('refuses a bad request before anything reaches Athena or the compaction catalog', async () => {
    // Prepare
    let catalogReads = 0;
    const counting: CompactedDaysReader = {
      compactedDays: async () => {
        catalogReads++;
        return [];
      },
    };

    // Act
    const response = await handlerWith(counting)(
      apiEvent('/v1/datasets/passengers/aggregate', { groupBy: 'name', measures: 'sum:seat_number' }),
    );

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { parameter: string }) => error.parameter)).toEqual(['groupBy', 'measures']);
    expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
    expect(catalogReads).toBe(0);
  });
});
