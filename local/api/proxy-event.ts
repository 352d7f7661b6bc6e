import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../topics';

/** The API's resources as declared on API Gateway; a request path is matched against them to fill `resource` and `pathParameters`. */
const RESOURCES: readonly { template: string; pattern: RegExp; parameter?: string }[] = [
  { template: '/v1/datasets', pattern: /^\/v1\/datasets$/ },
  { template: '/v1/datasets/{name}/records', pattern: /^\/v1\/datasets\/([^/]+)\/records$/, parameter: 'name' },
  { template: '/v1/queries/{queryId}', pattern: /^\/v1\/queries\/([^/]+)$/, parameter: 'queryId' },
  { template: '/v1/openapi.json', pattern: /^\/v1\/openapi\.json$/ },
];

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

function headerMaps(headers: IncomingHttpHeaders): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    multi[name] = values;
    single[name] = values[values.length - 1] ?? '';
  }
  return { single, multi };
}

/** Builds the REST API (v1 payload) proxy event API Gateway would send for this request. */
export function toProxyEvent(request: HttpRequestLike, now: Date = new Date()): APIGatewayProxyEvent {
  const url = new URL(request.url, 'http://127.0.0.1');
  const path = url.pathname;
  const resource = RESOURCES.find((candidate) => candidate.pattern.test(path));
  const match = resource?.pattern.exec(path);
  const captured = match?.[1];
  const pathParameters = resource?.parameter && captured !== undefined ? { [resource.parameter]: decodeSegment(captured) } : null;

  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    multiQuery[name] = [...(multiQuery[name] ?? []), value];
  }
  const hasQuery = Object.keys(query).length > 0;
  const { single, multi } = headerMaps(request.headers);
  const requestId = randomUUID();

  return {
    resource: resource?.template ?? path,
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
      resourcePath: resource?.template ?? path,
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
