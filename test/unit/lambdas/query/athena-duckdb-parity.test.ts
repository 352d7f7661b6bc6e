import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { athenaLiteral } from '../../../../lambdas/adapters/athena-literal';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import type { QueryRequest } from '../../../../lambdas/core/ports/query-engine';
import { createQueryHandler, type QueryHandler } from '../../../../lambdas/query/handler';
import { ATHENA_COLUMN_TYPES, ATHENA_ROWS, apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';
import { useDuckDbLake } from '../../../support/duckdb-lake';
import { recordingEngine } from '../../../support/recording-engine';

const athena = mockClient(AthenaClient);
const NOW = () => new Date('2025-01-31T15:00:00Z');
const CONFIG = { waitBudgetMs: 5000, maxRangeDays: 31, pollIntervalMs: 1 };

/**
 * The GetQueryResults page Athena would give for the request, built from the fixture's rows (ATHENA_ROWS) filtered and
 * projected by the case itself: Athena is mocked, so these tests prove how each adapter's rows are typed, not what
 * Athena would select.
 */
function athenaAnswer(columns: readonly string[], keep: (row: readonly (string | null)[]) => boolean, descending = false) {
  const indexes = columns.map((name) => ATHENA_COLUMN_TYPES.findIndex(([column]) => column === name));
  const types = indexes.map((index): readonly [string, string] => ATHENA_COLUMN_TYPES[index] ?? ['?', 'varchar']);
  // ATHENA_ROWS is in passenger_id order.
  const ordered = descending ? [...ATHENA_ROWS].reverse() : ATHENA_ROWS;
  const rows = ordered.filter(keep).map((row) => indexes.map((index) => row[index] ?? null));
  return resultsPage(types, rows, { first: true });
}

const CASES: readonly {
  name: string;
  query: Record<string, string>;
  columns: readonly string[];
  keep: (row: readonly (string | null)[]) => boolean;
  descending?: boolean;
}[] = [
  {
    name: 'every dataset column of a month, ordered',
    query: { from: '2025-01-01', to: '2025-01-31', order: 'passenger_id' },
    columns: ['passenger_id', 'flight_id', 'name', 'seat_number', 'boarded_at'],
    keep: () => true,
  },
  {
    name: 'a bigint filter with a projection including lineage',
    query: {
      from: '2025-01-01',
      to: '2025-01-31',
      flight_id: '200',
      columns: 'name,passenger_id,lakeline_record_index,lakeline_ingested_at',
      order: '-passenger_id',
    },
    columns: ['name', 'passenger_id', 'lakeline_record_index', 'lakeline_ingested_at'],
    keep: (row) => row[1] === '200',
    descending: true,
  },
  {
    name: 'a bigint beyond 2^53 and a null',
    query: { from: '2025-01-12', to: '2025-01-12', passenger_id: '9007199254740993', columns: 'passenger_id,seat_number,boarded_at' },
    columns: ['passenger_id', 'seat_number', 'boarded_at'],
    keep: (row) => row[0] === '9007199254740993',
  },
  {
    name: 'a string with a quote matching nothing',
    query: { from: '2025-01-01', to: '2025-01-31', seat_number: "1A' OR '1'='1" },
    columns: ['passenger_id', 'flight_id', 'name', 'seat_number', 'boarded_at'],
    keep: () => false,
  },
];

describe('the same lake rows come out typed the same through the Athena adapter and through DuckDB', () => {
  const lake = useDuckDbLake();
  let local: QueryHandler;
  let aws: QueryHandler;
  let duckDbRequests: QueryRequest[];

  beforeAll(async () => {
    const recording = recordingEngine(lake.engine);
    duckDbRequests = recording.requests;
    local = createQueryHandler({ compactedDays: NO_COMPACTED_DAYS, engine: recording.engine, datasets, config: CONFIG, now: NOW });
    const athenaEngine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
      workGroup: WORKGROUP,
      database: DATABASE,
    });
    aws = createQueryHandler({ compactedDays: NO_COMPACTED_DAYS, engine: athenaEngine, datasets, config: CONFIG, now: NOW });
  });

  beforeEach(() => {
    duckDbRequests.length = 0;
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  });

  it.each(CASES)("types the rows of GetQueryResults as DuckDB's rows are typed: $name", async ({ query, columns, keep, descending }) => {
    // Prepare
    athena.on(GetQueryResultsCommand).resolves(athenaAnswer(columns, keep, descending));
    const event = apiEvent('/v1/datasets/passengers/records', query);

    // Act
    const [fromDuckDb, fromAthena] = [await local(event), await aws(event)];

    // Assert
    expect(fromDuckDb.statusCode).toBe(200);
    expect(fromAthena.statusCode).toBe(200);
    const rowsOf = (body: string) => JSON.parse(body).rows as unknown[];
    expect(rowsOf(fromDuckDb.body)).toEqual(rowsOf(fromAthena.body));
    expect(rowsOf(fromDuckDb.body)).toHaveLength(ATHENA_ROWS.filter(keep).length);
  });

  it.each(CASES)(
    'sends Athena the SQL DuckDB ran, with the same parameters as Athena literals: $name',
    async ({ query, columns, keep, descending }) => {
      // Prepare
      athena.on(GetQueryResultsCommand).resolves(athenaAnswer(columns, keep, descending));
      const event = apiEvent('/v1/datasets/passengers/records', query);

      // Act
      await local(event);
      await aws(event);

      // Assert
      const [ran] = duckDbRequests;
      const [sent] = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
      expect(duckDbRequests).toHaveLength(1);
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
      expect(ran?.parameters.length).toBeGreaterThan(0);
      expect(sent?.QueryString).toBe(ran?.sql);
      expect(sent?.ExecutionParameters).toEqual(ran?.parameters.map(athenaLiteral));
    },
  );

  it('types a bigint beyond 2^53 as a string and timestamps as ISO-8601 UTC on both', async () => {
    // Prepare
    const [, , big] = CASES;
    athena.on(GetQueryResultsCommand).resolves(athenaAnswer(big?.columns ?? [], big?.keep ?? (() => false)));
    const event = apiEvent('/v1/datasets/passengers/records', big?.query ?? {});

    // Act
    const bodies = [JSON.parse((await local(event)).body), JSON.parse((await aws(event)).body)];

    // Assert
    for (const body of bodies)
      expect(body.rows).toEqual([{ passenger_id: '9007199254740993', seat_number: null, boarded_at: '2025-01-12T06:00:00.500Z' }]);
  });
});
