/** The OpenAPI 3.0.3 document of the query API, generated from the route table and the dataset definitions. */
import { API_ERROR_CODES } from './api-error-code';
import { COLUMN_TYPES, type DatasetDefinition, storedColumns } from './dataset';
import { QUERY_SETTING_DEFAULTS } from './environment';
import { aggregateSchemas } from './openapi-aggregates';
import { API_KEY_SCHEME, buildPaths } from './openapi-paths';
import { columnSchema, pascal, ref, type Schema } from './openapi-values';

export const API_KEY_HEADER = 'x-api-key';

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

/** Server settings the document describes; defaults are those of QUERY_SETTING_DEFAULTS. */
export interface OpenApiOptions {
  /** RESULT_REUSE_MAX_AGE_MINUTES */
  readonly resultReuseMaxAgeMinutes?: number;
  /** QUERY_MAX_RESULT_ROWS */
  readonly maxResultRows?: number;
}

function truncatedSchema(maxResultRows: number): Schema {
  return {
    type: 'boolean',
    enum: [true],
    description: `Present (true) only on the page that reached the cap of ${maxResultRows} rows while the result held more.`,
  };
}

function pageSchema(rows: Schema, maxResultRows: number): Schema {
  return {
    type: 'object',
    required: ['rows', 'queryId', 'stats'],
    properties: {
      rows,
      nextToken: { type: 'string' },
      truncated: truncatedSchema(maxResultRows),
      queryId: { type: 'string' },
      stats: ref('QueryStats'),
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
    [`${name}Page`]: pageSchema({ type: 'array', items: ref(`${name}Row`) }, options.maxResultRows),
    ...aggregateSchemas(dataset, name, (rows) => pageSchema(rows, options.maxResultRows)),
  };
}

export function buildOpenApiDocument(datasets: readonly DatasetDefinition[], options: OpenApiOptions = {}): Record<string, unknown> {
  const settings: Required<OpenApiOptions> = {
    resultReuseMaxAgeMinutes: options.resultReuseMaxAgeMinutes ?? QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes,
    maxResultRows: options.maxResultRows ?? QUERY_SETTING_DEFAULTS.maxResultRows,
  };
  const paths = buildPaths(datasets, settings);

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
      {
        name: 'aggregates',
        description: 'Measures of one dataset over a range of days, grouped by the columns and time buckets asked for, filtered and paged.',
      },
      { name: 'queries', description: 'The status and pages of a query that answered 202.' },
      { name: 'rejected', description: 'Records the ingest refused, with every reason and the original text.' },
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
        ErrorCode: {
          type: 'string',
          enum: [...API_ERROR_CODES],
          description: 'Every code the API answers with, from the handler, API Gateway itself or the local server.',
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: ref('ErrorCode'), message: { type: 'string' }, queryId: { type: 'string' } },
            },
            errors: {
              type: 'array',
              description: 'Every invalid parameter of the request (400), the first of which is `error`.',
              items: {
                type: 'object',
                required: ['parameter', 'code', 'message'],
                properties: { parameter: { type: 'string' }, code: ref('ErrorCode'), message: { type: 'string' } },
              },
            },
          },
        },
        OpenApiDocument: { type: 'object', description: 'An OpenAPI 3.0 document.' },
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
        RejectedRow: {
          type: 'object',
          required: ['messageId', 'recordIndex', 'receivedAt', 'reasons', 'original'],
          properties: {
            messageId: { type: 'string', description: 'SNS message id (SQS message id when the body was no SNS envelope).' },
            recordIndex: {
              type: 'integer',
              nullable: true,
              description: 'Index of the record in its message; null when the message was unreadable.',
            },
            receivedAt: { type: 'string', description: 'When the message was received, ISO-8601 UTC.' },
            reasons: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            original: { type: 'string', description: 'The original text of the record, or of the whole unreadable message.' },
          },
          additionalProperties: false,
        },
        RejectedPage: {
          type: 'object',
          required: ['rows', 'queryId', 'stats'],
          properties: {
            rows: { type: 'array', items: ref('RejectedRow') },
            nextToken: { type: 'string' },
            truncated: truncatedSchema(settings.maxResultRows),
            queryId: { type: 'string' },
            stats: ref('QueryStats'),
          },
        },
        RejectedDailyPage: {
          type: 'object',
          required: ['rows', 'queryId', 'stats'],
          properties: {
            rows: {
              type: 'array',
              description: 'Receive dates without rejected records are left out.',
              items: {
                type: 'object',
                required: ['day', 'rejected'],
                properties: { day: { type: 'string', format: 'date' }, rejected: { type: 'integer', minimum: 1 } },
                additionalProperties: false,
              },
            },
            nextToken: { type: 'string' },
            queryId: { type: 'string' },
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
