import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readBody } from '../listen';
import { runSnsAction, type SnsResult, type TopicSink } from './sns-actions';
import { SnsError } from './sns-error';
import { readFormRequest, readJsonRequest, type SnsRequest } from './sns-request';
import { actionResponse, errorResponse, resultXml } from './sns-xml';

/**
 * The largest request body read. A valid Publish or PublishBatch carries at most 256 KiB of messages and attributes
 * (SNS_MAX_PAYLOAD_BYTES), which percent-encoding in a form body makes at most three times larger (768 KiB); 1 MiB leaves
 * room for the parameter names. Anything larger cannot be a valid request and is refused before more of it is read.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const SNS_SHAPE_NAMESPACE = 'com.amazonaws.sns';

interface WireFormat {
  readonly request: SnsRequest;
  answer(result: SnsResult): string;
}

function send(response: ServerResponse, status: number, body: string, requestId: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'text/xml',
    ...headers,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}

async function readRequest(request: IncomingMessage, requestId: string): Promise<WireFormat> {
  const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
  if (request.method !== 'POST' && request.method !== 'GET') {
    throw new SnsError(405, 'InvalidAction', `HTTP method ${request.method} is not supported; use POST.`);
  }
  let body: Buffer = Buffer.alloc(0);
  if (request.method === 'POST') {
    const tooLarge = new SnsError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`);
    if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES) throw tooLarge;
    try {
      body = await readBody(request, MAX_REQUEST_BODY_BYTES);
    } catch {
      throw tooLarge;
    }
  }
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string' && (request.headers['content-type'] ?? '').startsWith(JSON_CONTENT_TYPE)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      throw new SnsError(400, 'SerializationException', 'The request body is not valid JSON.');
    }
    return { request: readJsonRequest(target, parsed), answer: (result) => JSON.stringify(result) };
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  const formRequest = readFormRequest(params);
  return { request: formRequest, answer: (result) => actionResponse(formRequest.action, resultXml(result), requestId) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  topics: ReadonlyMap<string, TopicSink>,
  onError?: (error: unknown) => void,
) {
  const requestId = randomUUID();
  const json = (request.headers['content-type'] ?? '').startsWith(JSON_CONTENT_TYPE);
  const contentType = { 'content-type': json ? JSON_CONTENT_TYPE : 'text/xml' };
  const fail = (error: SnsError) => {
    if (json) {
      const body = JSON.stringify({ __type: `${SNS_SHAPE_NAMESPACE}#${error.code}`, message: error.message });
      send(response, error.status, body, requestId, { ...contentType, 'x-amzn-query-error': `${error.code};${error.type}` });
    } else {
      send(response, error.status, errorResponse(error.type, error.code, error.message, requestId), requestId, contentType);
    }
  };
  try {
    const wire = await readRequest(request, requestId);
    const result = await runSnsAction(wire.request, { topics });
    send(response, 200, wire.answer(result), requestId, contentType);
  } catch (error) {
    if (error instanceof SnsError) {
      fail(error);
      return;
    }
    onError?.(error);
    fail(new SnsError(500, 'InternalError', 'The message could not be stored.', 'Receiver'));
  }
}

/**
 * The local SNS endpoint for the given topics. It speaks the SNS Query protocol the AWS SDK v3 and the AWS CLI use
 * (form-encoded POST, XML answers) and also the awsJson1_0 form (`X-Amz-Target`, JSON answers, `x-amzn-query-error`).
 */
export function createSnsServer(topics: ReadonlyMap<string, TopicSink>, onError?: (error: unknown) => void): Server {
  return createServer((request, response) => {
    void handle(request, response, topics, onError);
  });
}
