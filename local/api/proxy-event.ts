import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { matchPath } from '../../lambdas/core/route-match';
import { LOCAL_ACCOUNT } from '../topics';

export const LOCAL_STAGE = 'local';

export interface HttpRequestLike {
  readonly method: string;
  /** Path and query string, as in `IncomingMessage.url`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: string;
  readonly sourceIp?: string;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A request target the server cannot turn into a path (RFC 9112 §3.2 forms other than origin and absolute). */
export class InvalidRequestTargetError extends Error {
  constructor(target: string) {
    super(`the request target ${JSON.stringify(target.slice(0, 64))} is not a path or an absolute URL`);
    this.name = 'InvalidRequestTargetError';
  }
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The path and query string of a request target (https://www.rfc-editor.org/rfc/rfc9112#section-3.2): the
 * origin form (`/path?query`, read as a path even when it starts with `//`), or the absolute form a proxy sends
 * (`http://host/path?query`, whose host is ignored). Anything else (`*`, `host:port`, an unparsable URL) throws.
 */
export function parseRequestTarget(target: string): { path: string; search: string } {
  let url: URL;
  try {
    if (target.startsWith('/')) url = new URL(`http://127.0.0.1${target}`);
    else if (ABSOLUTE_FORM.test(target)) url = new URL(target);
    else throw new InvalidRequestTargetError(target);
  } catch {
    throw new InvalidRequestTargetError(target);
  }
  return { path: url.pathname, search: url.search };
}

function headerMaps(headers: IncomingHttpHeaders): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    multi[name] = values;
    single[name] = values[values.length - 1] ?? '';
  }
  return { single, multi };
}

/** Builds the REST API (v1 payload) proxy event API Gateway would send for this request; throws InvalidRequestTargetError. */
export function toProxyEvent(request: HttpRequestLike, now: Date = new Date()): APIGatewayProxyEvent {
  const { path, search } = parseRequestTarget(request.url);
  // The route table's resources, matched as API Gateway matches them: the path exactly, any method.
  const [match] = matchPath(path, { trailingSlash: false });
  const segments = Object.entries(match?.segments ?? {});
  const pathParameters = segments.length > 0 ? Object.fromEntries(segments.map(([name, segment]) => [name, decodeSegment(segment)])) : null;
  const resource = match?.route.path ?? path;

  // Maps without a prototype, as API Gateway's JSON event has: a parameter named "constructor" is only a name.
  const query: Record<string, string> = Object.create(null);
  const multiQuery: Record<string, string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(search)) {
    query[name] = value;
    const values = Object.hasOwn(multiQuery, name) ? multiQuery[name] : undefined;
    if (values) values.push(value);
    else multiQuery[name] = [value];
  }
  const hasQuery = Object.keys(query).length > 0;
  const { single, multi } = headerMaps(request.headers);
  const requestId = randomUUID();

  return {
    resource,
    path,
    httpMethod: request.method,
    headers: single,
    multiValueHeaders: multi,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: request.body === undefined || request.body === '' ? null : request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'lakeline-local',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${LOCAL_STAGE}${path}`,
      stage: LOCAL_STAGE,
      requestId,
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: single['x-api-key'] ?? null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: single['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}
