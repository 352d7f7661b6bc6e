/**
 * Property-based tests of the query API: 10,000 generated API Gateway proxy requests (random and hostile query
 * strings on the records and aggregate routes, path segments, repeated parameters, parameters named after Object.prototype members, unicode, overlong
 * values) into the real `createQueryHandler` with a recording engine; then 20,000 generated HTTP requests (the same
 * plus odd request targets, oversized bodies and headers, bytes that are not HTTP) over raw sockets to the real local
 * API server in front of it. Seed fixed (FC_SEED to replay).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import { AGGREGATE_PARAMETERS, GRANULARITIES } from '../../lambdas/core/aggregate-request';
import { type DatasetDefinition, LINEAGE_PREFIX, PARTITION_KEY, storedColumns } from '../../lambdas/core/dataset';
import { COPY_NUMBER_COLUMN } from '../../lambdas/core/lake-rows';
import { MEASURE_FUNCTIONS, measureKey, PERIOD_KEY, ROW_COUNT } from '../../lambdas/core/measures';
import { encodePageToken } from '../../lambdas/core/page-token';
import { NO_COMPACTED_DAYS } from '../../lambdas/core/ports/compaction-catalog';
import type { QueryEngine, QueryRequest, QueryStatus, SqlParameter } from '../../lambdas/core/ports/query-engine';
import { DEFAULT_MAX_RESULT_ROWS } from '../../lambdas/core/records-query';
import { REJECTED_FIELDS } from '../../lambdas/core/rejected-query';
import { REJECTED_COLUMNS } from '../../lambdas/core/rejected-table';
import { createQueryHandler } from '../../lambdas/query/handler';
import { createApiServer } from '../../local/api/api-server';
import { allTypes } from '../fixtures/all-types-dataset';
import { proxyEvent } from '../fixtures/api-gateway-events';
import { measuredPassengers } from '../fixtures/measured-passengers';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';
import { type RawAnswer, rawRequest } from '../support/raw-http';

const REQUESTS_PER_RUN = 50;
const RUNS = 200;
const HTTP_REQUESTS_PER_RUN = 50;
const HTTP_RUNS = 400;
const NOW = new Date('2025-01-31T15:00:00.000Z');
/** The passengers table with every measure its types allow, so the generator reaches every aggregate function. */
const DATASETS: readonly DatasetDefinition[] = [
  measuredPassengers,
  ...datasets.filter((dataset) => dataset.name !== 'passengers'),
  allTypes,
];

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
  PERIOD_KEY,
  ROW_COUNT,
  ...DATASETS.flatMap((dataset) => dataset.columns.flatMap((column) => MEASURE_FUNCTIONS.map((fn) => measureKey(fn, column.name)))),
]);
/** Words of the closed sets the aggregate SQL takes its time units and functions from; a request naming one adds no text. */
const CLOSED_SET_WORDS = new Set<string>([...GRANULARITIES, ROW_COUNT]);
/** Names an object literal inherits: a lookup by user-given name must never find these. */
const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__lookupSetter__',
];

const PARAMETER_NAMES = [
  'from',
  'to',
  'columns',
  'limit',
  'order',
  'nextToken',
  ...AGGREGATE_PARAMETERS.filter((name) => !['from', 'to', 'limit', 'nextToken'].includes(name)),
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
  fc.constantFrom(
    'flight_id',
    'seat_number,flight_id',
    'flight_id,flight_id',
    'name',
    'count',
    'count,sum:passenger_id',
    'avg:passenger_id,count_distinct:seat_number',
    'min:name,max:boarded_at',
    'sum:name',
    'count,count',
    'sum:',
    ':passenger_id',
    'hour',
    'day',
    'week',
    'HOUR',
  ),
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
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
  { weight: 1, arbitrary: unicodeValue.filter((name) => name !== '') },
);

/** Query string entries; a repeated name becomes a multi-valued parameter, as API Gateway delivers it. */
const queryEntries = fc.array(fc.tuple(parameterName, parameterValue), { maxLength: 7 });

const pathSegment = fc.oneof(
  fc.constantFrom(...DATASETS.map((dataset) => dataset.name)),
  fc.constantFrom('PASSENGERS', 'passengers%00', '..', '%2e%2e', '%E0%A4%A', 'passengers;DROP', '00000000-0000-4000-8000-000000000000'),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...HOSTILE_FRAGMENTS).map(encodeURIComponent),
  unicodeValue.filter((segment) => segment !== '').map((segment) => encodeURIComponent(segment.replaceAll(/[\ud800-\udfff]/g, 'x'))),
  fc.uuid().map(String),
);

const path = fc.oneof(
  { weight: 10, arbitrary: pathSegment.map((segment) => `/v1/datasets/${segment}/records`) },
  { weight: 6, arbitrary: pathSegment.map((segment) => `/v1/datasets/${segment}/aggregate`) },
  { weight: 4, arbitrary: pathSegment.map((segment) => `/v1/datasets/${segment}/rejected`) },
  { weight: 2, arbitrary: pathSegment.map((segment) => `/v1/datasets/${segment}/rejected/daily`) },
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
  'GROUP',
  'CAST',
  'BIGINT',
  'TIMESTAMP',
  'DISTINCT',
  'date_trunc',
  'count',
  ...MEASURE_FUNCTIONS.filter((fn) => fn !== 'count_distinct'),
  ...GRANULARITIES.map((unit) => `'${unit}'`),
  // The rejected routes: reasons cast to JSON text, and the daily counts.
  'JSON',
  'FIRST',
  'COUNT',
]);
/** The rejected table's columns and the names the rejected routes answer with. */
const REJECTED_IDENTIFIERS = new Set([...REJECTED_COLUMNS.map((column) => column.name), ...REJECTED_FIELDS, 'day', 'rejected']);
const SQL_TOKEN = /"[^"]*"|'[a-z]+'|[A-Za-z_][A-Za-z0-9_]*|\d+|\?|[(),=*]|\S/g;

/** A quoted identifier must come from a dataset definition, or carry the reserved lineage prefix the query builder owns. */
function isKnownIdentifier(name: string): boolean {
  return IDENTIFIERS.has(name) || REJECTED_IDENTIFIERS.has(name) || new RegExp(`^${LINEAGE_PREFIX}[a-z_]+$`).test(name);
}

function expectOnlyFixedSqlTokens(sql: string): void {
  for (const token of sql.match(SQL_TOKEN) ?? []) {
    if (token.startsWith('"')) expect(isKnownIdentifier(token.slice(1, -1)), `identifier ${token} in ${sql}`).toBe(true);
    else
      expect(SQL_KEYWORDS.has(token) || ['?', '(', ')', ',', '=', '*'].includes(token), `token ${JSON.stringify(token)} in ${sql}`).toBe(
        true,
      );
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
  // Every query that returns rows ends at the row cap; the daily counts have at most one row per day of the range.
  const daily = sent.sql.includes('COUNT(*)');
  expect(sent.sql.endsWith(ROW_CAP_CLAUSE)).toBe(!daily);
  const sql = daily ? sent.sql : sent.sql.slice(0, -ROW_CAP_CLAUSE.length);
  expectOnlyFixedSqlTokens(sql);
  expect(sql.split('?').length - 1).toBe(sent.parameters.length);
  for (const parameter of sent.parameters) expectTypedParameter(parameter);
  for (const [, value] of generated.entries) {
    const valueIsOnlyIdentifiers = value.split(',').every((part) => IDENTIFIERS.has(part.replace(/^-/, '')) || CLOSED_SET_WORDS.has(part));
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
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets: DATASETS,
      config: { waitBudgetMs: 1000, maxRangeDays: 31 },
      now: () => NOW,
    });
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

/** Percent-encodes text as a query component (UTF-8; a lone surrogate goes as U+FFFD, as a browser would send it). */
function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function targetOf(generated: GeneratedRequest): string {
  const query = generated.entries.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
  const path = generated.path.startsWith('/') ? generated.path : `/${generated.path}`;
  return query === '' ? path : `${path}?${query}`;
}

/** Request targets that are not a plain path: scheme-relative, absolute-form (good and broken), asterisk and authority forms, bad escapes. */
const oddTarget = fc.oneof(
  fc.constantFrom(
    '//[',
    '//',
    '///v1/datasets',
    '//v1/datasets',
    'http://[::1/v1/datasets',
    'http://[::1]/v1/datasets',
    'http://127.0.0.1:3000/v1/datasets/passengers/records?constructor=1',
    'https://example.com/v1/openapi.json',
    'ftp://x/y',
    '*',
    '127.0.0.1:3000',
    'v1/datasets',
    '/v1/datasets/%',
    '/v1/datasets/passengers/records?%=1&%zz=2',
    '/v1/queries/%00',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/v1/datasets/passengers/records?from=2025-01-01#fragment',
    '/v1/datasets?__proto__[polluted]=1',
    '/v1/datasets/passengers/records?constructor[prototype][polluted]=1',
    '/v1/datasets/passengers/records?__proto__=1&__proto__=2',
    '/?',
    '/v1/datasets/passengers/records?&&&=&',
    `/v1/datasets/passengers/records?name=${'x'.repeat(15_000)}`,
  ),
  fc.string({ unit: fc.constantFrom(...'/[]@:%?#&=.~!$()*+,;_-abcz019'.split('')), minLength: 1, maxLength: 30 }),
);

/** Bytes that are not (valid) HTTP/1.1, each a complete message so the server has all it will get. */
const notHttp = fc.oneof(
  fc.constantFrom(
    'HELLO\r\n\r\n',
    'GET\r\n\r\n',
    '\u0000\u0001\u0002\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'GET /v1/datasets HTTP/1.1\r\nHost x\r\n\r\n',
    'GET /v1/data sets HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /v1/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /v1/datasets HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
    'GET /v1/datasets HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy',
    'POST /v1/datasets HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n',
    'GET /v1/datasets HTTP/1.1\r\nHost: x\r\n X-Folded: y\r\n\r\n',
  ),
  // Blank lines alone are not a message: a server waits past them for the request line (RFC 9112 §2.2).
  fc
    .string({ unit: fc.constantFrom(...'GETPOST /HTP1.\r\n:x'.split('')), minLength: 1, maxLength: 40 })
    .filter((text) => text.trim() !== '')
    .map((text) => `${text}\r\n\r\n`),
);

type HttpCase =
  | { readonly kind: 'api' | 'odd-target'; readonly method: string; readonly target: string }
  | { readonly kind: 'body'; readonly method: string; readonly target: string; readonly bodyBytes: number }
  | { readonly kind: 'big-header'; readonly target: string; readonly headerBytes: number }
  | { readonly kind: 'not-http'; readonly bytes: string };

const httpCase: fc.Arbitrary<HttpCase> = fc.oneof(
  { weight: 14, arbitrary: request.map((generated): HttpCase => ({ kind: 'api', method: generated.method, target: targetOf(generated) })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(oddTarget, fc.constantFrom('GET', 'GET', 'POST', 'OPTIONS'))
      .map(([target, method]): HttpCase => ({ kind: 'odd-target', method, target })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 4096 }) },
          { weight: 1, arbitrary: fc.constantFrom(1024 * 1024, 1024 * 1024 + 1, 2 * 1024 * 1024) },
        ),
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'GET'),
        fc.constantFrom('/v1/datasets', '/v1/datasets/passengers/records', '/nope'),
      )
      .map(([bodyBytes, method, target]): HttpCase => ({ kind: 'body', method, target, bodyBytes })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(8 * 1024, 17 * 1024, 70 * 1024)
      .map((headerBytes): HttpCase => ({ kind: 'big-header', target: '/v1/datasets', headerBytes })),
  },
  { weight: 1, arbitrary: notHttp.map((bytes): HttpCase => ({ kind: 'not-http', bytes })) },
);

function wireBytes(generated: HttpCase): Buffer | string {
  switch (generated.kind) {
    case 'api':
    case 'odd-target':
      return `${generated.method} ${generated.target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
    case 'body': {
      const head = `${generated.method} ${generated.target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${generated.bodyBytes}\r\nConnection: close\r\n\r\n`;
      return Buffer.concat([Buffer.from(head), Buffer.alloc(generated.bodyBytes, 'x')]);
    }
    case 'big-header':
      return `GET ${generated.target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'y'.repeat(generated.headerBytes)}\r\nConnection: close\r\n\r\n`;
    case 'not-http':
      return generated.bytes;
  }
}

function expectJsonErrorBody(answer: RawAnswer, generated: HttpCase): void {
  const context = `${answer.status} ${answer.body.slice(0, 200)} for ${JSON.stringify(generated).slice(0, 300)}`;
  expect(answer.headers['content-type'], context).toContain('application/json');
  const body = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, context).toBe('string');
  expect(typeof body.error?.message, context).toBe('string');
}

describe('local API server under generated HTTP requests', () => {
  let server: Server;
  let port: number;
  const integrationFailures: unknown[] = [];

  beforeAll(async () => {
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: new RecordingEngine(),
      datasets: DATASETS,
      config: { waitBudgetMs: 1000, maxRangeDays: 31 },
      now: () => NOW,
    });
    server = createApiServer(handler, (error) => integrationFailures.push(error));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it(`never answers 5xx and every error is a JSON body over ${HTTP_RUNS * HTTP_REQUESTS_PER_RUN} requests on raw sockets (seed ${PROPERTY_SEED})`, async () => {
    // Prepare
    const statuses = new Map<number, number>();
    const byKind = new Map<string, number>();
    let requestsSent = 0;
    const property = fc.asyncProperty(
      fc.array(httpCase, { minLength: HTTP_REQUESTS_PER_RUN, maxLength: HTTP_REQUESTS_PER_RUN }),
      async (cases) => {
        // Act
        const answers = await Promise.all(cases.map((generated) => rawRequest(port, wireBytes(generated))));

        // Assert
        answers.forEach((answer, index) => {
          const generated = cases[index] as HttpCase;
          requestsSent++;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          byKind.set(generated.kind, (byKind.get(generated.kind) ?? 0) + 1);
          expect(answer.status, `${answer.status} for ${JSON.stringify(generated).slice(0, 300)}`).toBeLessThan(500);
          if (answer.status >= 400) expectJsonErrorBody(answer, generated);
        });
      },
    );

    // Act + Assert (per request, inside the property)
    await checkProperty(property, HTTP_RUNS);

    // Assert: 20,000 requests reached the server, every kind of them, with no integration failure
    const figures = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    console.log(
      `${requestsSent} HTTP requests (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}); answers ${figures.join(', ')}`,
    );
    expect(requestsSent).toBe(HTTP_RUNS * HTTP_REQUESTS_PER_RUN);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(integrationFailures).toEqual([]);
    for (const status of [200, 400, 404, 405, 413, 431]) expect(statuses.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
  });
});
