import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { readBody } from '../listen';
import { DOCS_PAGE } from './docs-page';
import { toProxyEvent } from './proxy-event';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const BODY_LIMIT_BYTES = 1024 * 1024;

function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '');
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function handle(request: IncomingMessage, response: ServerResponse, handler: ProxyHandler, onError?: (error: unknown) => void) {
  try {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method === 'GET' && (path === '/docs' || path === '/docs/' || path === '/')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(DOCS_PAGE);
      return;
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : (await readBody(request, BODY_LIMIT_BYTES)).toString('utf8');
    const event = toProxyEvent({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress,
    });
    writeResult(response, await handler(event));
  } catch (error) {
    // API Gateway answers 502 when the integration itself fails.
    onError?.(error);
    writeJson(response, 502, { message: 'Internal server error' });
  }
}

/** The local API Gateway: each request becomes a REST proxy event for the query handler, whose answer is returned unchanged. */
export function createApiServer(handler: ProxyHandler, onError?: (error: unknown) => void): Server {
  return createServer((request, response) => {
    void handle(request, response, handler, onError);
  });
}
