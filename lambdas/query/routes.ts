/**
 * Matches an API Gateway proxy event (or the local server's equivalent) to one of the API's declared routes.
 *
 * Powertools' HTTP router (@aws-lambda-powertools/event-handler/http 2.35) is not used: it rebuilds the request as a
 * WHATWG URL from `path`, so `//host/v1/datasets` is served as `/v1/datasets` and `/v1/x/../datasets` is resolved
 * (both are 404 here); a GET event carrying a body makes it throw before any error handler runs; a method outside
 * its list gets a 405 with an empty body; an undecodable segment (`%E0`) a 500; a custom not-found body gains a
 * `statusCode` field; and the stage prefix (`/prod/v1/...`) and 405 for a known path would each need workarounds.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ApiRoute } from '../core/api-routes';
import { HttpError } from '../core/http-response';
import { matchPath, routesOfResource, withoutStagePrefix } from '../core/route-match';

export interface MatchedRoute {
  readonly route: ApiRoute;
  /** URL-decoded path parameters. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

type RouteEvent = Pick<APIGatewayProxyEvent, 'httpMethod' | 'path' | 'resource' | 'pathParameters'>;

interface Candidates {
  readonly routes: readonly ApiRoute[];
  readonly pathParameters: Readonly<Record<string, string>>;
}

/**
 * API Gateway names the resource it matched (`resource`) and passes its path parameters (`pathParameters`):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
function byResource(event: RouteEvent): Candidates | undefined {
  const routes = routesOfResource(event.resource);
  const [first] = routes;
  if (!first) return undefined;
  const given = event.pathParameters ?? {};
  const pathParameters: Record<string, string> = {};
  for (const name of Object.keys(first.pathParameters)) {
    const value = given[name];
    if (!value) return undefined;
    pathParameters[name] = value;
  }
  return { routes, pathParameters };
}

function decoded(segments: Readonly<Record<string, string>>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(segments).map(([name, segment]) => [name, decodeURIComponent(segment)]));
  } catch {
    return undefined;
  }
}

function byPath(event: RouteEvent): Candidates | undefined {
  const matches = matchPath(withoutStagePrefix(event.path ?? event.resource ?? ''), { trailingSlash: true });
  const [first] = matches;
  const pathParameters = first && decoded(first.segments);
  return pathParameters ? { routes: matches.map((match) => match.route), pathParameters } : undefined;
}

/** The route of the event, or the 404 (no such path) or 405 (another method) the API answers. */
export function matchRoute(event: RouteEvent): MatchedRoute {
  const candidates = byResource(event) ?? byPath(event);
  if (!candidates) throw new HttpError(404, 'route_not_found', `no route for ${event.httpMethod} ${(event.path ?? '').slice(0, 128)}`);
  const route = candidates.routes.find((candidate) => candidate.method === event.httpMethod);
  if (!route) {
    const allowed = candidates.routes.map((candidate) => candidate.method).join(', ');
    throw new HttpError(405, 'method_not_allowed', `only ${allowed} is supported, not ${event.httpMethod}`);
  }
  return { route, pathParameters: candidates.pathParameters };
}
