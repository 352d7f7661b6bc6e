import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smokeChecks } from '../../../../datasets/smoke-checks';
import { athenaLiteral } from '../../../../lambdas/adapters/athena-literal';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import type { QueryRequest } from '../../../../lambdas/core/ports/query-engine';
import { createQueryHandler, type QueryHandler } from '../../../../lambdas/query/handler';
import { measuredPassengers } from '../../../fixtures/measured-passengers';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';
import { useDuckDbLake } from '../../../support/duckdb-lake';
import { recordingEngine } from '../../../support/recording-engine';

const athena = mockClient(AthenaClient);
const NOW = () => new Date('2025-01-31T15:00:00Z');
const CONFIG = { waitBudgetMs: 5000, maxRangeDays: 31, pollIntervalMs: 1 };
const DATASETS = [measuredPassengers, smokeChecks];
const MONTH = { from: '2025-01-01', to: '2025-01-31' };

/**
 * Each case's GetQueryResults page as Athena renders it (Trino's types; doubles in Java's notation): Athena is mocked,
 * so these tests prove that the same SQL goes to both engines and that both adapters type its rows alike.
 */
const CASES: readonly {
  name: string;
  query: Record<string, string>;
  columns: readonly (readonly [string, string])[];
  rows: readonly (readonly (string | null)[])[];
}[] = [
  {
    name: 'groups with an exact bigint sum past 2^53, a double average and a distinct count',
    query: { ...MONTH, groupBy: 'flight_id', measures: 'count,sum:passenger_id,avg:passenger_id,count_distinct:passenger_id' },
    columns: [
      ['flight_id', 'bigint'],
      ['count', 'bigint'],
      ['sum_passenger_id', 'bigint'],
      ['avg_passenger_id', 'double'],
      ['count_distinct_passenger_id', 'bigint'],
    ],
    rows: [
      ['100', '2', '3', '1.5', '2'],
      ['200', '2', '7', '3.5', '2'],
      ['300', '1', '9007199254740993', '9.007199254740992E15', '1'],
    ],
  },
  {
    name: 'hourly periods per seat, nulls last, with the extremes of a timestamp and a string',
    query: { ...MONTH, granularity: 'hour', groupBy: 'seat_number', measures: 'min:boarded_at,max:name' },
    columns: [
      ['seat_number', 'varchar'],
      ['period', 'timestamp(3)'],
      ['min_boarded_at', 'timestamp(3)'],
      ['max_name', 'varchar'],
    ],
    rows: [
      ['1A', '2025-01-10 08:00:00.000', '2025-01-10 08:00:00.123', "Ada O'Brien"],
      [null, '2025-01-10 08:00:00.000', '2025-01-10 08:30:00.000', 'Zoë "Z" Ångström'],
      ['2B', '2025-01-11 23:00:00.000', '2025-01-11 23:59:59.999', 'Bob; DROP TABLE x --'],
      ['2C', '2025-01-12 00:00:00.000', '2025-01-12 00:00:00.000', 'Back\\slash'],
      [null, '2025-01-12 06:00:00.000', '2025-01-12 06:00:00.500', 'Big Id'],
    ],
  },
  {
    name: 'daily counts under a bigint filter',
    query: { ...MONTH, granularity: 'day', flight_id: '200' },
    columns: [
      ['period', 'timestamp(3)'],
      ['count', 'bigint'],
    ],
    rows: [
      ['2025-01-11 00:00:00.000', '1'],
      ['2025-01-12 00:00:00.000', '1'],
    ],
  },
];

describe('the same aggregate comes out typed the same through the Athena adapter and through DuckDB', () => {
  const lake = useDuckDbLake();
  let local: QueryHandler;
  let aws: QueryHandler;
  let duckDbRequests: QueryRequest[];

  beforeAll(async () => {
    const recording = recordingEngine(lake.engine);
    duckDbRequests = recording.requests;
    local = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: recording.engine,
      datasets: DATASETS,
      config: CONFIG,
      now: NOW,
    });
    const athenaEngine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workGroup: WORKGROUP, database: DATABASE });
    aws = createQueryHandler({ compactedDays: NO_COMPACTED_DAYS, engine: athenaEngine, datasets: DATASETS, config: CONFIG, now: NOW });
  });

  beforeEach(() => {
    duckDbRequests.length = 0;
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  });

  it.each(CASES)('answers the same rows and sends Athena the SQL DuckDB ran: $name', async ({ query, columns, rows }) => {
    // Prepare
    athena.on(GetQueryResultsCommand).resolves(resultsPage(columns, rows, { first: true }));
    const event = apiEvent('/v1/datasets/passengers/aggregate', query);

    // Act
    const [fromDuckDb, fromAthena] = [await local(event), await aws(event)];

    // Assert
    expect([fromDuckDb.statusCode, fromAthena.statusCode]).toEqual([200, 200]);
    const rowsOf = (body: string) => JSON.parse(body).rows as unknown[];
    expect(rowsOf(fromDuckDb.body)).toEqual(rowsOf(fromAthena.body));
    expect(rowsOf(fromDuckDb.body)).toHaveLength(rows.length);
    const [ran] = duckDbRequests;
    const [sent] = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
    expect(sent?.QueryString).toBe(ran?.sql);
    expect(sent?.ExecutionParameters).toEqual(ran?.parameters.map(athenaLiteral));
  });
});
