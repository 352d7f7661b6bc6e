/** The OpenAPI 3.0.3 document of the query API, generated from the dataset definitions. */
import {
  COLUMN_TYPES,
  type ColumnDefinition,
  type ColumnType,
  type DatasetDefinition,
  INTEGER_RANGES,
  LINEAGE_PREFIX,
  storedColumns,
} from './dataset';
import { QUERY_SETTING_DEFAULTS } from './environment';
import { DEFAULT_LIMIT, DEFAULT_RANGE_DAYS, MAX_LIMIT } from './request-params';
import { BIGINT_FILTER_PATTERN, DATE_PATTERN, MAX_STRING_PARAMETER_LENGTH, TIMESTAMP_FILTER_PATTERN } from './sql-parameter';

type Schema = Record<string, unknown>;

export const API_KEY_HEADER = 'x-api-key';
const API_KEY_SCHEME = 'apiKey';

const LIMIT_PARAMETER = {
  name: 'limit',
  in: 'query',
  description: 'Rows per page.',
  schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
};

/** JSON schema of a column's value in a response row (bigints beyond 2^53 arrive as strings). */
function valueSchema(type: ColumnType): Schema {
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'int':
      return { type: 'integer', format: 'int32' };
    case 'bigint':
      return {
        oneOf: [
          { type: 'integer', format: 'int64' },
          { type: 'string', pattern: '^-?\\d+$' },
        ],
      };
    case 'double':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
  }
}

const DATE_SCHEMA: Schema = { type: 'string', format: 'date', pattern: DATE_PATTERN };

/**
 * JSON schema of a filter parameter's text: exactly what the server accepts (test/unit/query/openapi-limits.test.ts
 * checks each limit at its boundary from both sides).
 */
function filterSchema(type: ColumnType): Schema {
  switch (type) {
    case 'string':
      return {
        type: 'string',
        maxLength: MAX_STRING_PARAMETER_LENGTH,
        description: `At most ${MAX_STRING_PARAMETER_LENGTH} characters, counted in Unicode code points; valid Unicode (no lone UTF-16 surrogate).`,
      };
    case 'int':
      return {
        type: 'integer',
        format: 'int32',
        minimum: Number(INTEGER_RANGES.int.min),
        maximum: Number(INTEGER_RANGES.int.max),
      };
    case 'bigint':
      return {
        type: 'string',
        pattern: BIGINT_FILTER_PATTERN,
        description: `Base-10 integer from ${INTEGER_RANGES.bigint.min} to ${INTEGER_RANGES.bigint.max}, without a leading zero or "+".`,
      };
    case 'date':
      return DATE_SCHEMA;
    case 'timestamp':
      return {
        type: 'string',
        format: 'date-time',
        pattern: TIMESTAMP_FILTER_PATTERN,
        description: 'RFC 3339 with seconds and a zone (Z or ±HH:MM), at most millisecond precision: 2025-01-31T10:15:00Z.',
      };
    default:
      return valueSchema(type);
  }
}

/** A row value may be null; OpenAPI 3.0 says so with `nullable` beside a `type`, so a oneOf gets it on its string branch. */
function columnSchema(column: ColumnDefinition): Schema {
  const schema = valueSchema(column.type);
  const branches = schema.oneOf as Schema[] | undefined;
  if (branches === undefined) return { ...schema, nullable: true, description: column.description };
  return {
    oneOf: branches.map((branch) => (branch.type === 'string' ? { ...branch, nullable: true } : branch)),
    description: column.description,
  };
}

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

/** How long a nextToken works, on each engine (see the README's "Paging"). */
export const NEXT_TOKEN_LIFETIME =
  "A nextToken works until the query's stored results expire, whatever else runs meanwhile: on AWS 7 days after the " +
  "query finished (the Athena results bucket's lifecycle rule; QUERY_RESULT_RETENTION_DAYS), in local mode 60 minutes " +
  'after it finished (and not across a restart). After that the answer is 410 next_token_expired: run the query again.';

/** Which parameters a request with a nextToken accepts. */
export const NEXT_TOKEN_RULES =
  'Beside nextToken every other parameter is optional: leave it out, or repeat exactly the value the request that ' +
  'started the query gave it (limit: the same page size). A parameter that is invalid, that the first request did not ' +
  'have, or whose value differs is refused with 400 naming it. /v1/queries/{queryId} accepts only limit and nextToken.';

const EXPIRED_TOKEN_RESPONSE = errorResponse('The nextToken expired: its results are no longer kept (code next_token_expired).');
const BUSY_RESPONSE = {
  description:
    'The query engine cannot take the request now (code engine_busy): too many queries are running or waiting, ' +
    'Athena throttled the call, or the local engine holds as many results as it may keep. Retry after the given seconds.',
  headers: { 'Retry-After': { description: 'Seconds after which the request may succeed.', schema: { type: 'integer', minimum: 1 } } },
  content: { 'application/json': { schema: ref('Error') } },
};

/** Server settings the document describes; defaults are those of QUERY_SETTING_DEFAULTS. */
export interface OpenApiOptions {
  /** RESULT_REUSE_MAX_AGE_MINUTES */
  readonly resultReuseMaxAgeMinutes?: number;
  /** QUERY_MAX_RESULT_ROWS */
  readonly maxResultRows?: number;
}

function capNote(maxResultRows: number): string {
  return (
    `One request serves at most ${maxResultRows} rows over all its pages; when the result holds more, the page that ` +
    `reaches the cap says "truncated": true and has no nextToken (narrow the range or add filters).`
  );
}

function truncatedSchema(maxResultRows: number): Schema {
  return {
    type: 'boolean',
    enum: [true],
    description: `Present (true) only on the page that reached the cap of ${maxResultRows} rows while the result held more.`,
  };
}

function reuseNote(maxAgeMinutes: number): string {
  if (maxAgeMinutes === 0) return 'Stored results are never reused: every request runs the query afresh.';
  return (
    `When the whole from..to range lies in UTC days that ended at least ${maxAgeMinutes} minutes ago, the answer may be a ` +
    `result the engine stored up to ${maxAgeMinutes} minutes earlier for the same query; a range that includes today ` +
    `(or a later day) always runs afresh.`
  );
}

function recordsOperation(dataset: DatasetDefinition, options: Required<OpenApiOptions>): Schema {
  const names = storedColumns(dataset).map((column) => column.name);
  const filters = dataset.columns
    .filter((column) => column.filterable)
    .map((column) => ({
      name: column.name,
      in: 'query',
      required: false,
      description: `Equality filter on ${column.name}.`,
      schema: filterSchema(column.type),
    }));
  return {
    operationId: `list${pascal(dataset.name)}Records`,
    summary: `Records of ${dataset.name}`,
    description: `${dataset.description}\n\n${capNote(options.maxResultRows)}\n\n${reuseNote(options.resultReuseMaxAgeMinutes)}`,
    tags: ['records'],
    security: [{ [API_KEY_SCHEME]: [] }],
    parameters: [
      {
        name: 'from',
        in: 'query',
        description: `First partition date (UTC), default ${DEFAULT_RANGE_DAYS - 1} days before "to".`,
        schema: DATE_SCHEMA,
      },
      { name: 'to', in: 'query', description: 'Last partition date (UTC), default today.', schema: DATE_SCHEMA },
      {
        name: 'columns',
        in: 'query',
        description: `Comma-separated projection; default the dataset's own columns (lineage columns ${LINEAGE_PREFIX}* on request).`,
        schema: { type: 'string' },
        example: names.slice(0, 2).join(','),
      },
      LIMIT_PARAMETER,
      {
        name: 'order',
        in: 'query',
        description: 'Sort column, "-" prefix for descending.',
        schema: { type: 'string', enum: names.flatMap((name) => [name, `-${name}`]) },
      },
      { $ref: '#/components/parameters/NextToken' },
      ...filters,
    ],
    responses: {
      '200': { description: 'A page of rows.', content: { 'application/json': { schema: ref(`${pascal(dataset.name)}Page`) } } },
      '202': {
        description: 'The query is still running; poll the given path.',
        content: { 'application/json': { schema: ref('QueryAccepted') } },
      },
      '400': errorResponse('Invalid parameter.'),
      '403': errorResponse('Missing or invalid API key.'),
      '404': errorResponse('Unknown dataset.'),
      '410': EXPIRED_TOKEN_RESPONSE,
      '502': errorResponse('The query engine failed.'),
      '503': BUSY_RESPONSE,
    },
  };
}

function datasetSchemas(dataset: DatasetDefinition, options: Required<OpenApiOptions>): Record<string, Schema> {
  const name = pascal(dataset.name);
  return {
    [`${name}Row`]: {
      type: 'object',
      description: 'One row; only the projected columns are present.',
      properties: Object.fromEntries(storedColumns(dataset).map((column) => [column.name, columnSchema(column)])),
      additionalProperties: false,
    },
    [`${name}Page`]: {
      type: 'object',
      required: ['rows', 'queryId', 'stats'],
      properties: {
        rows: { type: 'array', items: ref(`${name}Row`) },
        nextToken: { type: 'string' },
        truncated: truncatedSchema(options.maxResultRows),
        queryId: { type: 'string' },
        stats: ref('QueryStats'),
      },
    },
  };
}

export function buildOpenApiDocument(datasets: readonly DatasetDefinition[], options: OpenApiOptions = {}): Record<string, unknown> {
  const settings: Required<OpenApiOptions> = {
    resultReuseMaxAgeMinutes: options.resultReuseMaxAgeMinutes ?? QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes,
    maxResultRows: options.maxResultRows ?? QUERY_SETTING_DEFAULTS.maxResultRows,
  };
  const paths: Record<string, unknown> = {
    '/v1/datasets': {
      get: {
        operationId: 'listDatasets',
        summary: 'The datasets with their columns and filters',
        tags: ['datasets'],
        security: [{ [API_KEY_SCHEME]: [] }],
        responses: {
          '200': { description: 'The datasets.', content: { 'application/json': { schema: ref('DatasetList') } } },
          '403': errorResponse('Missing or invalid API key.'),
        },
      },
    },
    '/v1/queries/{queryId}': {
      get: {
        operationId: 'getQuery',
        summary: 'The status of a query, or a page of its rows once it succeeded',
        tags: ['queries'],
        security: [{ [API_KEY_SCHEME]: [] }],
        parameters: [
          { name: 'queryId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          LIMIT_PARAMETER,
          { $ref: '#/components/parameters/NextToken' },
        ],
        responses: {
          '200': { description: 'A page of rows.', content: { 'application/json': { schema: ref('QueryPage') } } },
          '202': { description: 'Still running.', content: { 'application/json': { schema: ref('QueryAccepted') } } },
          '400': errorResponse('Invalid parameter.'),
          '403': errorResponse('Missing or invalid API key.'),
          '404': errorResponse('Unknown query.'),
          '410': EXPIRED_TOKEN_RESPONSE,
          '502': errorResponse('The query failed.'),
          '503': BUSY_RESPONSE,
        },
      },
    },
    '/v1/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        tags: ['meta'],
        security: [{ [API_KEY_SCHEME]: [] }],
        responses: {
          '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } },
          '403': errorResponse('Missing or invalid API key.'),
        },
      },
    },
  };
  for (const dataset of datasets) paths[`/v1/datasets/${dataset.name}/records`] = { get: recordsOperation(dataset, settings) };

  const value = { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Lakeline query API',
      version: '1.0.0',
      description:
        'Typed rows from the Lakeline data lake. On AWS every route needs an API key in the x-api-key header; the local ' +
        'mode needs none.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'The API Gateway REST API of a deployed stack (stack output ApiUrl).',
        variables: {
          restApiId: { default: 'restApiId', description: 'The REST API id, the first label of ApiUrl.' },
          region: { default: 'us-east-1', description: 'The AWS Region of the stack.' },
          stage: { default: 'dev', enum: ['dev', 'prod'], description: 'The stage the stack was deployed with (-c stage=…).' },
        },
      },
      { url: 'http://127.0.0.1:3000', description: 'The local mode (npm start; LAKELINE_API_PORT changes the port).' },
    ],
    security: [{ [API_KEY_SCHEME]: [] }],
    tags: [
      { name: 'datasets', description: 'The datasets and their columns.' },
      { name: 'records', description: 'Rows of one dataset over a range of days, filtered and paged.' },
      { name: 'queries', description: 'The status and pages of a query that answered 202.' },
      { name: 'meta', description: 'This document.' },
    ],
    paths,
    components: {
      securitySchemes: { [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: API_KEY_HEADER } },
      parameters: {
        NextToken: {
          name: 'nextToken',
          in: 'query',
          description: `Opaque token of the next page, from a previous answer. ${NEXT_TOKEN_RULES} ${NEXT_TOKEN_LIFETIME}`,
          schema: { type: 'string' },
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, queryId: { type: 'string' } },
            },
          },
        },
        QueryStats: {
          type: 'object',
          required: ['bytesScanned', 'engineMs'],
          properties: { bytesScanned: { type: 'integer' }, engineMs: { type: 'integer' } },
        },
        QueryAccepted: {
          type: 'object',
          required: ['queryId', 'status', 'poll'],
          properties: { queryId: { type: 'string' }, status: { type: 'string', enum: ['QUEUED', 'RUNNING'] }, poll: { type: 'string' } },
        },
        QueryPage: {
          type: 'object',
          required: ['queryId', 'status', 'rows', 'stats'],
          properties: {
            queryId: { type: 'string' },
            status: { type: 'string', enum: ['SUCCEEDED'] },
            rows: { type: 'array', items: { type: 'object', additionalProperties: value } },
            nextToken: { type: 'string' },
            truncated: truncatedSchema(settings.maxResultRows),
            stats: ref('QueryStats'),
          },
        },
        DatasetList: {
          type: 'object',
          required: ['datasets'],
          properties: {
            datasets: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'columns', 'filters', 'partitionColumn'],
                properties: {
                  name: { type: 'string' },
                  description: { type: 'string' },
                  partitionColumn: { type: 'string' },
                  partitionKey: { type: 'string' },
                  records: { type: 'string' },
                  filters: { type: 'array', items: { type: 'string' } },
                  columns: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        name: { type: 'string' },
                        type: { type: 'string', enum: [...COLUMN_TYPES] },
                        description: { type: 'string' },
                        required: { type: 'boolean' },
                        filterable: { type: 'boolean' },
                        lineage: { type: 'boolean' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        ...Object.assign({}, ...datasets.map((dataset) => datasetSchemas(dataset, settings))),
      },
    },
  };
}
