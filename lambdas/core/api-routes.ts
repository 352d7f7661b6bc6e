/**
 * The query API's routes, declared once. This table drives the handler's dispatch (lambdas/query/handler.ts), the API
 * Gateway resources and methods (lib/constructs/query-api.ts), the OpenAPI `paths` (core/openapi.ts) and the local
 * server's resource matching (local/api/proxy-event.ts).
 */
import { AGGREGATE_PARAMETERS } from './aggregate-request';
import { RESERVED_PARAMETERS } from './request-params';

/** Which use case answers a route; the handler must map every key. */
export type RouteKey = 'datasets' | 'records' | 'aggregate' | 'rejected' | 'rejectedDaily' | 'query' | 'openapi';

export type RouteMethod = 'GET';

export type RouteTag = 'datasets' | 'records' | 'aggregates' | 'rejected' | 'queries' | 'meta';

/** A query parameter by name, or `filters`: one equality filter per filterable column of the dataset. */
export type QueryParameterRef = (typeof RESERVED_PARAMETERS)[number] | (typeof AGGREGATE_PARAMETERS)[number] | 'filters';

export interface PathParameterDeclaration {
  /** OpenAPI string format of the value. */
  readonly format?: 'uuid';
  /**
   * The value is a dataset name: the OpenAPI document lists the route once per dataset, with `{name}` filled in, and
   * `{Name}` in the operation id and schema names replaced by the dataset's PascalCase name.
   */
  readonly perDataset?: true;
}

export interface ResponseDeclaration {
  readonly description: string;
  /** Name of the component schema of the body (`{Name}` as in PathParameterDeclaration.perDataset). */
  readonly schema: string;
}

/** Server behaviour the operation's description explains, with the configured values. */
export type RouteNote = 'resultCap' | 'resultReuse';

export type ResponseStatus = '200' | '202' | '400' | '404' | '410' | '502' | '503';

export interface ApiRoute {
  readonly key: RouteKey;
  readonly method: RouteMethod;
  /** API Gateway's resource path: literal segments and `{parameter}` segments. */
  readonly path: `/v1/${string}`;
  readonly pathParameters: Readonly<Record<string, PathParameterDeclaration>>;
  readonly queryParameters: readonly QueryParameterRef[];
  /** API Gateway refuses the request without a valid `x-api-key` (403); the OpenAPI operation declares the scheme. */
  readonly apiKeyRequired: boolean;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: RouteTag;
  /** Paragraphs of the OpenAPI description (after the dataset's own description on a per-dataset route). */
  readonly notes?: readonly RouteNote[];
  /** Answers besides the 403 of a missing API key, which apiKeyRequired implies. */
  readonly responses: Readonly<Partial<Record<ResponseStatus, ResponseDeclaration>>>;
}

const EXPIRED_TOKEN: ResponseDeclaration = {
  description: 'The nextToken expired: its results are no longer kept (code next_token_expired).',
  schema: 'Error',
};
const BUSY: ResponseDeclaration = {
  description:
    'The query engine cannot take the request now (code engine_busy): too many queries are running or waiting, ' +
    'Athena throttled the call, or the local engine holds as many results as it may keep. Retry after the given seconds.',
  schema: 'Error',
};
const INVALID_PARAMETER: ResponseDeclaration = { description: 'Invalid parameter.', schema: 'Error' };
/** What every route that runs a query can answer besides its rows and its own 404 and 502. */
const QUERY_RESPONSES = { '400': INVALID_PARAMETER, '410': EXPIRED_TOKEN, '503': BUSY } as const;

export const API_ROUTES: readonly ApiRoute[] = [
  {
    key: 'datasets',
    method: 'GET',
    path: '/v1/datasets',
    pathParameters: {},
    queryParameters: [],
    apiKeyRequired: true,
    operationId: 'listDatasets',
    summary: 'The datasets with their columns and filters',
    tag: 'datasets',
    responses: { '200': { description: 'The datasets.', schema: 'DatasetList' } },
  },
  {
    key: 'records',
    method: 'GET',
    path: '/v1/datasets/{name}/records',
    pathParameters: { name: { perDataset: true } },
    // from/to default to the last 7 days in the handler, which also checks every value and unknown names.
    queryParameters: [...RESERVED_PARAMETERS, 'filters'],
    apiKeyRequired: true,
    operationId: 'list{Name}Records',
    summary: 'Records of {name}',
    tag: 'records',
    notes: ['resultCap', 'resultReuse'],
    responses: {
      '200': { description: 'A page of rows.', schema: '{Name}Page' },
      '202': { description: 'The query is still running; poll the given path.', schema: 'QueryAccepted' },
      '404': { description: 'Unknown dataset.', schema: 'Error' },
      '502': { description: 'The query engine failed.', schema: 'Error' },
      ...QUERY_RESPONSES,
    },
  },
  {
    key: 'aggregate',
    method: 'GET',
    path: '/v1/datasets/{name}/aggregate',
    pathParameters: { name: { perDataset: true } },
    // The handler checks every value against the dataset definition, and unknown names.
    queryParameters: [...AGGREGATE_PARAMETERS, 'filters'],
    apiKeyRequired: true,
    operationId: 'aggregate{Name}',
    summary: 'Grouped measures of {name}',
    tag: 'aggregates',
    notes: ['resultCap', 'resultReuse'],
    responses: {
      '200': { description: 'A page of aggregate rows.', schema: '{Name}AggregatePage' },
      '202': { description: 'The query is still running; poll the given path.', schema: 'QueryAccepted' },
      '404': { description: 'Unknown dataset.', schema: 'Error' },
      '502': { description: 'The query engine failed.', schema: 'Error' },
      ...QUERY_RESPONSES,
    },
  },
  {
    key: 'rejected',
    method: 'GET',
    path: '/v1/datasets/{name}/rejected',
    pathParameters: { name: { perDataset: true } },
    // from/to are receive dates here, defaulting to the last 7 days like the records route.
    queryParameters: ['from', 'to', 'limit', 'nextToken'],
    apiKeyRequired: true,
    operationId: 'list{Name}Rejected',
    summary: 'Records of {name} the ingest refused, with their reasons and original text',
    tag: 'rejected',
    notes: ['resultCap', 'resultReuse'],
    responses: {
      '200': { description: 'A page of rejected records, oldest received first.', schema: 'RejectedPage' },
      '202': { description: 'The query is still running; poll the given path.', schema: 'QueryAccepted' },
      '404': { description: 'Unknown dataset.', schema: 'Error' },
      '502': { description: 'The query engine failed.', schema: 'Error' },
      ...QUERY_RESPONSES,
    },
  },
  {
    key: 'rejectedDaily',
    method: 'GET',
    path: '/v1/datasets/{name}/rejected/daily',
    pathParameters: { name: { perDataset: true } },
    queryParameters: ['from', 'to', 'nextToken'],
    apiKeyRequired: true,
    operationId: 'count{Name}RejectedDaily',
    summary: 'How many records of {name} the ingest refused per receive date',
    tag: 'rejected',
    responses: {
      '200': { description: 'One row per receive date with rejected records.', schema: 'RejectedDailyPage' },
      '202': { description: 'The query is still running; poll the given path.', schema: 'QueryAccepted' },
      '404': { description: 'Unknown dataset.', schema: 'Error' },
      '502': { description: 'The query engine failed.', schema: 'Error' },
      ...QUERY_RESPONSES,
    },
  },
  {
    key: 'query',
    method: 'GET',
    path: '/v1/queries/{queryId}',
    pathParameters: { queryId: { format: 'uuid' } },
    queryParameters: ['limit', 'nextToken'],
    apiKeyRequired: true,
    operationId: 'getQuery',
    summary: 'The status of a query, or a page of its rows once it succeeded',
    tag: 'queries',
    responses: {
      '200': { description: 'A page of rows.', schema: 'QueryPage' },
      '202': { description: 'Still running.', schema: 'QueryAccepted' },
      '404': { description: 'Unknown query.', schema: 'Error' },
      '502': { description: 'The query failed.', schema: 'Error' },
      ...QUERY_RESPONSES,
    },
  },
  {
    key: 'openapi',
    method: 'GET',
    path: '/v1/openapi.json',
    pathParameters: {},
    queryParameters: [],
    apiKeyRequired: true,
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tag: 'meta',
    responses: { '200': { description: 'The OpenAPI document.', schema: 'OpenApiDocument' } },
  },
];

/** The route a key names (every key has exactly one). */
export function apiRoute(key: RouteKey): ApiRoute {
  const route = API_ROUTES.find((candidate) => candidate.key === key);
  if (!route) throw new Error(`no route is declared for ${key}`);
  return route;
}
