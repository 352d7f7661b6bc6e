/**
 * Property-based test of the query handler: 10,000 generated API Gateway proxy requests (random and hostile query
 * strings, path segments, repeated parameters, unicode, overlong values) into the real `createQueryHandler` with a
 * recording engine. Seed fixed (FC_SEED to replay).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import type { QueryEngine, QueryRequest, QueryStatus, SqlParameter } from '../../lambdas/adapters/query-engine';
import { type DatasetDefinition, LINEAGE_PREFIX, PARTITION_KEY, storedColumns } from '../../lambdas/core/dataset';
import { encodePageToken } from '../../lambdas/core/page-token';
import { COPY_NUMBER_COLUMN, DEFAULT_MAX_RESULT_ROWS } from '../../lambdas/core/records-query';
import { createQueryHandler } from '../../lambdas/query/handler';
import { allTypes } from '../fixtures/all-types-dataset';
import { proxyEvent } from '../fixtures/api-gateway-events';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';

const REQUESTS_PER_RUN = 50;
const RUNS = 200;
const NOW = new Date('2025-01-31T15:00:00.000Z');
const DATASETS: readonly DatasetDefinition[] = [...datasets, allTypes];

/** An engine that records every request and answers at once with an empty page. */
class RecordingEngine implements QueryEngine {
  readonly requests: QueryRequest[] = [];
  private readonly known = new Set<string>();

  async startQuery(request: QueryRequest): Promise<{ queryId: string }> {
    this.requests.push(request);
    const queryId = randomUUID();
    this.known.add(queryId);
    return { queryId };
  }

  async getQueryStatus(queryId: string): Promise<QueryStatus | undefined> {
    return this.known.has(queryId) ? { state: 'SUCCEEDED', bytesScanned: 0, engineMs: 1 } : undefined;
  }

  async getQueryResults() {
    return { columns: [], rows: [] };
  }
}

const IDENTIFIERS = new Set([
  ...DATASETS.flatMap((dataset) => [dataset.name, ...storedColumns(dataset).map((column) => column.name)]),
  PARTITION_KEY,
  COPY_NUMBER_COLUMN,
]);
const PARAMETER_NAMES = [
  'from',
  'to',
  'columns',
  'limit',
  'order',
  'nextToken',
  ...new Set(DATASETS.flatMap((dataset) => storedColumns(dataset).map((column) => column.name))),
  'dt',
  'FROM',
  'select',
];

const HOSTILE_FRAGMENTS = [
  "' OR '1'='1",
  '1; DROP TABLE passengers; --',
  '"; DELETE FROM "passengers" --',
  "1' UNION SELECT * FROM information_schema.tables --",
  'passenger_id) OR (1=1',
  '/* */ OR 1=1',
  "U&'\\0027'",
  '? AND ?',
  '$1',
  '\\',
  '%27%20OR%201%3D1',
  'name,lakeline_message_id) FROM x; --',
  '-passenger_id; --',
];

const unicodeValue = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\ud800', '\udfff', '\u0000', '\u2028', 'é', '😀', '\u202e', '"', "'"),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 30,
});

/** A parameter value: plausible, hostile, unicode or overlong. */
const parameterValue = fc.oneof(
  fc.constantFrom(
    '2025-01-31',
    '2025-01-01',
    '2024-12-01',
    '2025-02-30',
    '2025-1-1',
    '31/01/2025',
    '',
    ' ',
    '0',
    '1',
    '100',
    '1000',
    '1001',
    '-1',
  ),
  fc.constantFrom('passenger_id', 'name,seat_number', '-boarded_at', 'lakeline_ingested_at', 'dt', 'name,name', 'true', 'false', '1.5e3'),
  fc.constantFrom('2025-01-31T10:00:00Z', '2025-01-31T10:00:00.123+02:00', '9223372036854775807', '9223372036854775808', '-2147483649'),
  fc.constantFrom(...HOSTILE_FRAGMENTS),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  unicodeValue,
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 501, max: 20_000 }).map((length) => 'x'.repeat(length)),
  fc.constantFrom(
    encodePageToken({ queryId: '00000000-0000-4000-8000-000000000000', engineToken: 't', pageSize: 10, dataset: 'passengers' }),
    encodePageToken({ queryId: '00000000-0000-4000-8000-000000000001', engineToken: 't', pageSize: 10 }),
    'eyJ2IjoxfQ',
    'not-a-token',
  ),
);

const parameterName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAMETER_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
  { weight: 1, arbitrary: unicodeValue.filter((name) => name !== '') },
);

/** Query string entries; a repeated name becomes a multi-valued parameter, as API Gateway delivers it. */
const queryEntries = fc.array(fc.tuple(parameterName, parameterValue), { maxLength: 7 });

const pathSegment = fc.oneof(
  fc.constantFrom(...DATASETS.map((dataset) => dataset.name)),
  fc.constantFrom('PASSENGERS', 'passengers%00', '..', '%2e%2e', '%E0%A4%A', 'passengers;DROP', '00000000-0000-4000-8000-000000000000'),
  fc.constantFrom(...HOSTILE_FRAGMENTS).map(encodeURIComponent),
  unicodeValue.filter((segment) => segment !== '').map((segment) => encodeURIComponent(segment.replaceAll(/[\ud800-\udfff]/g, 'x'))),
  fc.uuid().map(String),
);

const path = fc.oneof(
  { weight: 10, arbitrary: pathSegment.map((segment) => `/v1/datasets/${segment}/records`) },
  { weight: 3, arbitrary: pathSegment.map((segment) => `/v1/queries/${segment}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/v1/datasets', '/v1/openapi.json', '/prod/v1/datasets/passengers/records', '/v2/datasets', '/', ''),
  },
  { weight: 1, arbitrary: fc.array(pathSegment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`) },
);

const request = fc.record({
  path,
  method: fc.oneof({ weight: 19, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constantFrom('POST', 'DELETE', 'PUT') }),
  entries: queryEntries,
});
type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function eventOf(generated: GeneratedRequest): APIGatewayProxyEvent {
  // Null-prototype maps, as a JSON-parsed API Gateway event has no inherited keys such as "constructor".
  const single: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of generated.entries) {
    single[name] = value;
    multi[name] = [...(Object.hasOwn(multi, name) ? (multi[name] ?? []) : []), value];
  }
  const hasQuery = generated.entries.length > 0;
  return proxyEvent({
    httpMethod: generated.method,
    path: generated.path,
    resource: '/{proxy+}',
    queryStringParameters: hasQuery ? single : null,
    multiValueQueryStringParameters: hasQuery ? multi : null,
  });
}

/** The only words the SQL may contain besides quoted identifiers and `?` placeholders: fixed keywords of the query builder. */
const SQL_KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'BETWEEN',
  'AND',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'LAST',
  'ROW_NUMBER',
  'OVER',
  'PARTITION',
  'AS',
  '1',
]);
const SQL_TOKEN = /"[^"]*"|[A-Za-z_][A-Za-z0-9_]*|\d+|\?|[(),=]|\S/g;

/** A quoted identifier must come from a dataset definition, or carry the reserved lineage prefix the query builder owns. */
function isKnownIdentifier(name: string): boolean {
  return IDENTIFIERS.has(name) || new RegExp(`^${LINEAGE_PREFIX}[a-z_]+$`).test(name);
}

function expectOnlyFixedSqlTokens(sql: string): void {
  for (const token of sql.match(SQL_TOKEN) ?? []) {
    if (token.startsWith('"')) expect(isKnownIdentifier(token.slice(1, -1)), `identifier ${token} in ${sql}`).toBe(true);
    else
      expect(SQL_KEYWORDS.has(token) || ['?', '(', ')', ',', '='].includes(token), `token ${JSON.stringify(token)} in ${sql}`).toBe(true);
  }
}

function expectTypedParameter(parameter: SqlParameter): void {
  const expectedType: Record<SqlParameter['type'], string> = {
    string: 'string',
    date: 'string',
    int: 'number',
    double: 'number',
    bigint: 'bigint',
    boolean: 'boolean',
    timestamp: 'object',
  };
  expect(typeof parameter.value).toBe(expectedType[parameter.type]);
  if (parameter.type === 'timestamp') expect(parameter.value).toBeInstanceOf(Date);
  if (parameter.type === 'int') expect(Number.isInteger(parameter.value)).toBe(true);
}

/** The one number in the SQL text: the server's row cap plus one, never a request value. */
const ROW_CAP_CLAUSE = ` LIMIT ${DEFAULT_MAX_RESULT_ROWS + 1}`;

function expectSafeSql(sent: QueryRequest, generated: GeneratedRequest): void {
  expect(sent.sql.startsWith('SELECT ')).toBe(true);
  expect(sent.sql.endsWith(ROW_CAP_CLAUSE)).toBe(true);
  const sql = sent.sql.slice(0, -ROW_CAP_CLAUSE.length);
  expectOnlyFixedSqlTokens(sql);
  expect(sql.split('?').length - 1).toBe(sent.parameters.length);
  for (const parameter of sent.parameters) expectTypedParameter(parameter);
  for (const [, value] of generated.entries) {
    const valueIsOnlyIdentifiers = value.split(',').every((part) => IDENTIFIERS.has(part.replace(/^-/, '')));
    if (value.length >= 3 && !valueIsOnlyIdentifiers) expect(sql).not.toContain(value);
  }
}

function expectErrorNamesParameter(message: string, generated: GeneratedRequest): void {
  const named = generated.entries.some(
    ([name]) => message.includes(`"${name.slice(0, 64)}"`) || message.includes(JSON.stringify(name.slice(0, 64))),
  );
  expect(named, `400 message ${JSON.stringify(message)} names none of the parameters`).toBe(true);
}

describe('query handler under generated requests', () => {
  it(`never answers 5xx, refuses with a named parameter and sends only fixed SQL with typed parameters over ${RUNS * REQUESTS_PER_RUN} requests (seed ${PROPERTY_SEED})`, async () => {
    // Prepare
    const engine = new RecordingEngine();
    const handler = createQueryHandler({ engine, datasets: DATASETS, config: { waitBudgetMs: 1000, maxRangeDays: 31 }, now: () => NOW });
    const statuses = new Map<number, number>();
    let requestsSent = 0;
    const property = fc.asyncProperty(fc.array(request, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }), async (requests) => {
      for (const generated of requests) {
        const before = engine.requests.length;

        // Act
        const response = await handler(eventOf(generated));

        // Assert
        requestsSent++;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expect(response.statusCode).toBeLessThan(500);
        const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
        if (response.statusCode >= 400) {
          expect(typeof body.error?.code).toBe('string');
          expect(typeof body.error?.message).toBe('string');
          expect(engine.requests.length).toBe(before);
        }
        if (response.statusCode === 400) expectErrorNamesParameter(String(body.error?.message), generated);
        for (const sent of engine.requests.slice(before)) expectSafeSql(sent, generated);
      }
    });

    // Act + Assert (per request, inside the property)
    await checkProperty(property, RUNS);

    // Assert: 10,000 requests, and the generator reached accepted queries, refusals and unknown routes alike
    expect(requestsSent).toBe(RUNS * REQUESTS_PER_RUN);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(1000);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(100);
    expect(engine.requests.length).toBeGreaterThan(100);
  });
});
