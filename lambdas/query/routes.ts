/** Matches an API Gateway proxy event (or the local server's equivalent) to one of the API's routes. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export type Route =
  | { readonly kind: 'datasets' }
  | { readonly kind: 'records'; readonly dataset: string }
  | { readonly kind: 'query'; readonly queryId: string }
  | { readonly kind: 'openapi' };

const PATTERNS: readonly { pattern: RegExp; route: (match: RegExpExecArray) => Route | undefined }[] = [
  { pattern: /^\/v1\/datasets\/?$/, route: () => ({ kind: 'datasets' }) },
  { pattern: /^\/v1\/openapi\.json$/, route: () => ({ kind: 'openapi' }) },
  {
    pattern: /^\/v1\/datasets\/([^/]+)\/records\/?$/,
    route: (match) => withSegment(match[1], (dataset) => ({ kind: 'records', dataset })),
  },
  { pattern: /^\/v1\/queries\/([^/]+)\/?$/, route: (match) => withSegment(match[1], (queryId) => ({ kind: 'query', queryId })) },
];

function withSegment(segment: string | undefined, build: (value: string) => Route): Route | undefined {
  if (segment === undefined) return undefined;
  try {
    return build(decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Strips a stage or base-path prefix so `/prod/v1/datasets` and `/v1/datasets` match alike. */
function apiPath(path: string): string {
  const index = path.indexOf('/v1/');
  return index > 0 ? path.slice(index) : path;
}

export function matchRoute(event: Pick<APIGatewayProxyEvent, 'path' | 'resource' | 'pathParameters'>): Route | undefined {
  const parameters = event.pathParameters ?? {};
  if (event.resource === '/v1/datasets/{name}/records' && parameters.name) return { kind: 'records', dataset: parameters.name };
  if (event.resource === '/v1/queries/{queryId}' && parameters.queryId) return { kind: 'query', queryId: parameters.queryId };
  const path = apiPath(event.path ?? event.resource ?? '');
  for (const { pattern, route } of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return route(match);
  }
  return undefined;
}
