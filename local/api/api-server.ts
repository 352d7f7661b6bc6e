import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiErrorCode } from '../../lambdas/core/api-error-code';
import { isExplorerAsset, writeExplorerAsset } from './explorer-assets';
import { InvalidRequestTargetError, parseRequestTarget, toProxyEvent } from './proxy-event';

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Largest request body passed to the handler; a larger one is answered 413 (API Gateway's own limit is 10 MB). */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** A body this much larger is not read to its end: the connection is closed after the 413. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '');
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

/** The API's error body, `{"error": {"code", "message"}}`, for answers the local server gives itself. */
function errorBody(code: ApiErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function writeError(
  response: ServerResponse,
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(errorBody(code, message));
}

/** The body, or `undefined` when it is over the limit; the rest of an oversized body is read and dropped. */
function readBodyWithin(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) resolve(undefined);
    });
    request.on('end', () => resolve(size <= limitBytes ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, handler: ProxyHandler, onError?: (error: unknown) => void) {
  try {
    // Node would refuse this itself with an empty 400 body (server option requireHostHeader, turned off below).
    if (request.httpVersion === '1.1' && request.headers.host === undefined) {
      writeError(response, 400, 'bad_request', 'an HTTP/1.1 request needs a Host header', { connection: 'close' });
      return;
    }
    const target = request.url ?? '/';
    const { path } = parseRequestTarget(target);
    if (request.method === 'GET' && isExplorerAsset(path)) {
      await writeExplorerAsset(path, response);
      return;
    }
    let body = '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const bytes = await readBodyWithin(request, BODY_LIMIT_BYTES);
      if (bytes === undefined) {
        writeError(response, 413, 'payload_too_large', `the request body is larger than ${BODY_LIMIT_BYTES} bytes`, {
          connection: 'close',
        });
        return;
      }
      body = bytes.toString('utf8');
    }
    const event = toProxyEvent({
      method: request.method ?? 'GET',
      url: target,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress,
    });
    writeResult(response, await handler(event));
  } catch (error) {
    if (error instanceof InvalidRequestTargetError) {
      writeError(response, 400, 'invalid_request_target', error.message);
      return;
    }
    // API Gateway answers 502 when the integration itself fails.
    onError?.(error);
    if (!response.headersSent) writeError(response, 502, 'integration_error', 'Internal server error');
    else response.destroy();
  }
}

/**
 * Answers a request Node's HTTP parser refused before it reached the handler (headers over the size limit, bytes
 * that are not HTTP, a timeout) with the API's JSON error body instead of Node's empty one; the listener must write the
 * response and close the socket itself (https://nodejs.org/api/http.html#event-clienterror).
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message]: [number, ApiErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request_header_fields_too_large', 'the request line and headers are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request did not arrive in time']
        : [400, 'bad_request', 'the request is not valid HTTP/1.1'];
  const body = Buffer.from(errorBody(code, message));
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json\r\ncache-control: no-store\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head), body]));
}

/** The local API Gateway: each request becomes a REST proxy event for the query handler, whose answer is returned unchanged. */
export function createApiServer(handler: ProxyHandler, onError?: (error: unknown) => void): Server {
  const server = createServer({ requireHostHeader: false }, (request, response) => {
    void handle(request, response, handler, onError);
  });
  server.on('clientError', answerClientError);
  return server;
}
