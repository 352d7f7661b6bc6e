/** The OpenAPI `paths`, one operation per route of the route table (per dataset where a route takes a dataset name). */
import { API_ROUTES, type ApiRoute, type QueryParameterRef, type RouteNote } from './api-routes';
import { type DatasetDefinition, LINEAGE_PREFIX, storedColumns } from './dataset';
import { granularityParameter, groupByParameter, measuresParameter } from './openapi-aggregates';
import { DATE_SCHEMA, filterSchema, pascal, ref, type Schema } from './openapi-values';
import { DEFAULT_LIMIT, DEFAULT_RANGE_DAYS, MAX_LIMIT } from './request-params';

export const API_KEY_SCHEME = 'apiKey';

/** Server settings the operations describe. */
export interface PathSettings {
  readonly resultReuseMaxAgeMinutes: number;
  readonly maxResultRows: number;
}

function capNote(maxResultRows: number): string {
  return (
    `One request serves at most ${maxResultRows} rows over all its pages; when the result holds more, the page that ` +
    `reaches the cap says "truncated": true and has no nextToken (narrow the range or add filters).`
  );
}

function reuseNote(maxAgeMinutes: number): string {
  if (maxAgeMinutes === 0) return 'Stored results are never reused: every request runs the query afresh.';
  return (
    `When the whole from..to range lies in UTC days that ended at least ${maxAgeMinutes} minutes ago, the answer may be a ` +
    `result the engine stored up to ${maxAgeMinutes} minutes earlier for the same query; a range that includes today ` +
    `(or a later day) always runs afresh.`
  );
}

function note(kind: RouteNote, settings: PathSettings): string {
  switch (kind) {
    case 'resultCap':
      return capNote(settings.maxResultRows);
    case 'resultReuse':
      return reuseNote(settings.resultReuseMaxAgeMinutes);
  }
}

function requireDataset(dataset: DatasetDefinition | undefined, parameter: QueryParameterRef): DatasetDefinition {
  if (!dataset) throw new Error(`query parameter ${parameter} needs a route that takes a dataset name`);
  return dataset;
}

/** The OpenAPI parameter objects of one query parameter of the table (`filters`: one per filterable column). */
function queryParameters(parameter: QueryParameterRef, dataset: DatasetDefinition | undefined): Schema[] {
  switch (parameter) {
    case 'from':
      return [
        {
          name: 'from',
          in: 'query',
          description: `First partition date (UTC), default ${DEFAULT_RANGE_DAYS - 1} days before "to".`,
          schema: DATE_SCHEMA,
        },
      ];
    case 'to':
      return [{ name: 'to', in: 'query', description: 'Last partition date (UTC), default today.', schema: DATE_SCHEMA }];
    case 'columns':
      return [
        {
          name: 'columns',
          in: 'query',
          description: `Comma-separated projection; default the dataset's own columns (lineage columns ${LINEAGE_PREFIX}* on request).`,
          schema: { type: 'string' },
          example: storedColumns(requireDataset(dataset, parameter))
            .slice(0, 2)
            .map((column) => column.name)
            .join(','),
        },
      ];
    case 'limit':
      return [
        {
          name: 'limit',
          in: 'query',
          description: 'Rows per page.',
          schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
      ];
    case 'order': {
      const names = storedColumns(requireDataset(dataset, parameter)).map((column) => column.name);
      return [
        {
          name: 'order',
          in: 'query',
          description: 'Sort column, "-" prefix for descending.',
          schema: { type: 'string', enum: names.flatMap((name) => [name, `-${name}`]) },
        },
      ];
    }
    case 'nextToken':
      return [{ $ref: '#/components/parameters/NextToken' }];
    case 'groupBy':
      return [groupByParameter(requireDataset(dataset, parameter))];
    case 'measures':
      return [measuresParameter(requireDataset(dataset, parameter))];
    case 'granularity':
      return [granularityParameter(requireDataset(dataset, parameter))];
    case 'filters':
      return requireDataset(dataset, parameter)
        .columns.filter((column) => column.filterable)
        .map((column) => ({
          name: column.name,
          in: 'query',
          required: false,
          description: `Equality filter on ${column.name}.`,
          schema: filterSchema(column.type),
        }));
  }
}

function pathParameters(route: ApiRoute): Schema[] {
  return Object.entries(route.pathParameters)
    .filter(([, declaration]) => !declaration.perDataset)
    .map(([name, declaration]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', ...(declaration.format ? { format: declaration.format } : {}) },
    }));
}

function responseObject(description: string, schema: string, retryAfter = false): Schema {
  return {
    description,
    ...(retryAfter
      ? {
          headers: {
            'Retry-After': { description: 'Seconds after which the request may succeed.', schema: { type: 'integer', minimum: 1 } },
          },
        }
      : {}),
    content: { 'application/json': { schema: ref(schema) } },
  };
}

function operation(route: ApiRoute, dataset: DatasetDefinition | undefined, settings: PathSettings): Schema {
  const fill = (text: string) => (dataset ? text.replaceAll('{Name}', pascal(dataset.name)).replaceAll('{name}', dataset.name) : text);
  const paragraphs = [...(dataset ? [dataset.description] : []), ...(route.notes ?? []).map((kind) => note(kind, settings))];
  const parameters = [...pathParameters(route), ...route.queryParameters.flatMap((parameter) => queryParameters(parameter, dataset))];
  const responses: Record<string, Schema> = {};
  // API Gateway's and the handler's 503 says when to retry.
  for (const [status, response] of Object.entries(route.responses))
    responses[status] = responseObject(response.description, fill(response.schema), status === '503');
  if (route.apiKeyRequired) responses['403'] = responseObject('Missing or invalid API key.', 'Error');
  return {
    operationId: fill(route.operationId),
    summary: fill(route.summary),
    ...(paragraphs.length > 0 ? { description: paragraphs.join('\n\n') } : {}),
    tags: [route.tag],
    security: route.apiKeyRequired ? [{ [API_KEY_SCHEME]: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    responses,
  };
}

export function buildPaths(datasets: readonly DatasetDefinition[], settings: PathSettings): Record<string, Record<string, Schema>> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of API_ROUTES) {
    const method = route.method.toLowerCase();
    const perDataset = Object.entries(route.pathParameters).find(([, declaration]) => declaration.perDataset)?.[0];
    const variants = perDataset
      ? datasets.map((dataset) => ({ path: route.path.replace(`{${perDataset}}`, dataset.name), dataset }))
      : [{ path: route.path, dataset: undefined }];
    for (const { path, dataset } of variants) paths[path] = { ...paths[path], [method]: operation(route, dataset, settings) };
  }
  return paths;
}
