import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { passengers } from '../../../../datasets/passengers';
import { athenaLiteral } from '../../../../lambdas/adapters/athena-literal';
import { createAthenaQueryEngine } from '../../../../lambdas/adapters/athena-query-engine';
import { buildAggregateQuery } from '../../../../lambdas/core/aggregate-query';
import { parseAggregateRequest } from '../../../../lambdas/core/aggregate-request';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { buildRecordsQuery } from '../../../../lambdas/core/records-query';
import { parseRecordsRequest } from '../../../../lambdas/core/request-params';
import { MAX_STRING_PARAMETER_LENGTH } from '../../../../lambdas/core/sql-parameter';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { measuredPassengers } from '../../../fixtures/measured-passengers';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { DATABASE, execution, QUERY_ID, resultsPage, WORKGROUP } from '../../../support/athena-mock';
import { checkProperty } from '../../../support/fast-check-seed';

const athena = mockClient(AthenaClient);
const NOW = new Date('2025-01-31T15:00:00Z');

const HOSTILE_STRINGS: readonly [string, string][] = [
  ['a single quote', "O'Brien"],
  ['a quote that closes the literal', "' OR '1'='1"],
  ['doubled quotes', "''''"],
  ['a backslash before a quote', "\\' OR 1=1 --"],
  ['a trailing backslash', 'seat\\'],
  ['a line comment', '1A -- comment'],
  ['a block comment', '1A /* x */'],
  ['a semicolon and a second statement', '1A; DROP TABLE passengers; --'],
  ['a question mark placeholder', '? AND ?'],
  ['a unicode escape string', "U&'\\0027' OR 1=1"],
  ['a newline and a tab', '1A\n\tOR 1=1'],
  ['a NUL character', 'a\u0000b'],
  ['non-BMP unicode', '😀🚀 seat'],
  ['a double-quoted identifier', '"name" = "name"'],
  ['the longest string accepted, all quotes', "'".repeat(MAX_STRING_PARAMETER_LENGTH)],
  ['a long mixed string', `${"'; --".repeat(60)}${'é'.repeat(200)}`],
  ['an empty string', ''],
];

/** One SQL string literal: a quote, anything with quotes doubled, a quote. */
const ONE_STRING_LITERAL = /^'(?:[^']|'')*'$/s;
const unquote = (literal: string) => literal.slice(1, -1).replaceAll("''", "'");

describe('hostile request values', () => {
  const baseline = buildRecordsQuery(parseRecordsRequest(passengers, { seat_number: '1A' }, NOW, 31).spec).sql;

  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage([['seat_number', 'varchar']], [], { first: true }));
  });

  it.each(HOSTILE_STRINGS)('sends %s as one quoted literal and leaves the SQL text unchanged', async (_, value) => {
    // Prepare
    const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
      workGroup: WORKGROUP,
      database: DATABASE,
    });
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 1000, maxRangeDays: 31, pollIntervalMs: 1 },
      now: () => NOW,
    });

    // Act
    const response = await handler(apiEvent('/v1/datasets/passengers/records', { seat_number: value }));

    // Assert
    expect(response.statusCode).toBe(200);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input?.QueryString).toBe(baseline);
    expect(input?.ExecutionParameters).toHaveLength(3);
    const literal = input?.ExecutionParameters?.[2] ?? '';
    expect(literal).toMatch(ONE_STRING_LITERAL);
    expect(unquote(literal)).toBe(value);
    expect(literal.length).toBeLessThanOrEqual(1024);
  });

  it('refuses a string longer than an Athena parameter can carry, naming the parameter', async () => {
    // Prepare
    const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
      workGroup: WORKGROUP,
      database: DATABASE,
    });
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 1000, maxRangeDays: 31 },
      now: () => NOW,
    });

    // Act
    const response = await handler(
      apiEvent('/v1/datasets/passengers/records', { seat_number: 'x'.repeat(MAX_STRING_PARAMETER_LENGTH + 1) }),
    );

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.message).toContain('"seat_number"');
    expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
  });

  it.each(["1' OR '1'='1", '1; DROP TABLE x', '1 -- c', '0x41', '1e3', '１２３', '9223372036854775808'])(
    'refuses %j for a bigint column before anything reaches Athena',
    async (value) => {
      // Prepare
      const engine = createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
        workGroup: WORKGROUP,
        database: DATABASE,
      });
      const handler = createQueryHandler({
        compactedDays: NO_COMPACTED_DAYS,
        engine,
        datasets,
        config: { waitBudgetMs: 1000, maxRangeDays: 31 },
        now: () => NOW,
      });

      // Act
      const response = await handler(apiEvent('/v1/datasets/passengers/records', { passenger_id: value }));

      // Assert
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error.message).toContain('"passenger_id"');
      expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
    },
  );

  it('emits numbers, dates and timestamps from their parsed form, each as one literal of its type', () => {
    // Prepare
    const typed = defineDataset({
      name: 'typed',
      description: 'every filterable type',
      columns: {
        i: { type: 'int', description: 'i', filterable: true },
        b: { type: 'bigint', description: 'b', filterable: true },
        d: { type: 'double', description: 'd', filterable: true },
        f: { type: 'boolean', description: 'f', filterable: true },
        day: { type: 'date', description: 'day', filterable: true },
        t: { type: 'timestamp', description: 't', required: true, filterable: true },
      },
      partitionColumn: 't',
    });
    const request = parseRecordsRequest(
      typed,
      { i: '-007', b: '-9223372036854775808', d: '2.50e1', f: 'true', day: '2025-01-10', t: '2025-01-10T09:30:00.5+01:00' },
      NOW,
      31,
    );

    // Act
    const literals = buildRecordsQuery(request.spec).parameters.map(athenaLiteral);

    // Assert
    expect(literals).toEqual([
      "'2025-01-25'",
      "'2025-01-31'",
      '-7',
      "BIGINT '-9223372036854775808'",
      "DOUBLE '25'",
      'true',
      "DATE '2025-01-10'",
      "TIMESTAMP '2025-01-10 08:30:00.500'",
    ]);
  });

  it('keeps the SQL text fixed and every string one literal for arbitrary unicode values', async () => {
    await checkProperty(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), (seat, other) => {
        // Prepare
        const parameters = { seat_number: seat.slice(0, MAX_STRING_PARAMETER_LENGTH) || other || 'x' };

        // Act
        const query = buildRecordsQuery(parseRecordsRequest(passengers, parameters, NOW, 31).spec);
        const literal = athenaLiteral(query.parameters[2] ?? { type: 'string', value: '' });

        // Assert
        expect(query.sql).toBe(baseline);
        expect(literal).toMatch(ONE_STRING_LITERAL);
        expect(unquote(literal)).toBe(parameters.seat_number);
      }),
      500,
    );
  });
});

describe('hostile request values on the aggregate route', () => {
  const AGGREGATE = { groupBy: 'flight_id', measures: 'count,sum:passenger_id', granularity: 'hour' };
  const baseline = buildAggregateQuery(parseAggregateRequest(measuredPassengers, { ...AGGREGATE, seat_number: '1A' }, NOW, 31).spec).sql;
  const handler = () =>
    createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: createAthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workGroup: WORKGROUP, database: DATABASE }),
      datasets: [measuredPassengers],
      config: { waitBudgetMs: 1000, maxRangeDays: 31, pollIntervalMs: 1 },
      now: () => NOW,
    });

  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage([['count', 'bigint']], [], { first: true }));
  });

  it.each(HOSTILE_STRINGS)('sends %s as one quoted literal and leaves the aggregate SQL text unchanged', async (_, value) => {
    // Act
    const response = await handler()(apiEvent('/v1/datasets/passengers/aggregate', { ...AGGREGATE, seat_number: value }));

    // Assert
    expect(response.statusCode).toBe(200);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input?.QueryString).toBe(baseline);
    const literal = input?.ExecutionParameters?.[2] ?? '';
    expect(literal).toMatch(ONE_STRING_LITERAL);
    expect(unquote(literal)).toBe(value);
  });

  it.each([
    ['groupBy', 'flight_id) OR (1=1'],
    ['groupBy', '"flight_id"'],
    ['groupBy', 'flight_id; DROP TABLE passengers'],
    ['measures', 'sum:passenger_id) --'],
    ['measures', 'count(*)'],
    ['measures', "sum:passenger_id' OR '1'='1"],
    ['measures', 'SUM:passenger_id'],
    ['granularity', "day') --"],
    ['granularity', 'Day'],
    ['granularity', 'minute'],
  ])('refuses %s=%j before anything reaches Athena, naming the parameter', async (name, value) => {
    // Act
    const response = await handler()(apiEvent('/v1/datasets/passengers/aggregate', { [name]: value }));

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.message).toContain(`"${name}"`);
    expect(athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
  });

  it('builds SQL only from the definition and the closed sets whatever groupBy, measures and granularity say', async () => {
    // Prepare
    const words = [
      'flight_id',
      'seat_number',
      'passenger_id',
      'count',
      'sum:passenger_id',
      'avg:name',
      'hour',
      'day',
      ',',
      ':',
      "'",
      '"',
      ')',
    ];
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((parts) => parts.join('')),
    );
    const allowedSql = (sql: string) => sql.replaceAll(/"[a-z_]+"|'(?:hour|day)'/g, '').replaceAll(/[^']/g, '');

    await checkProperty(
      fc.property(fc.record({ groupBy: text, measures: text, granularity: text }, { requiredKeys: [] }), (parameters) => {
        // Act
        let sql: string | undefined;
        try {
          sql = buildAggregateQuery(parseAggregateRequest(measuredPassengers, parameters, NOW, 31).spec).sql;
        } catch (error) {
          expect((error as { statusCode?: number }).statusCode).toBe(400);
        }

        // Assert
        if (sql === undefined) return;
        expect(allowedSql(sql)).toBe('');
        for (const value of Object.values(parameters)) if (/[^a-z_,:]/.test(value)) expect(sql).not.toContain(value);
      }),
      500,
    );
  });
});
