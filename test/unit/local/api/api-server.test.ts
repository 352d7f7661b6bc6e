/**
 * The local API Gateway stand-in under requests that are odd at the HTTP level: query parameters named after
 * Object.prototype members, request targets that are not a plain path, oversized bodies and headers, bytes that are
 * not HTTP. Every answer is a 4xx with a JSON error body, as API Gateway answers, never a 5xx or an empty body.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { createApiServer } from '../../../../local/api/api-server';
import { emptyEngine } from '../../../support/empty-engine';
import { type RawAnswer, rawRequest } from '../../../support/raw-http';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

describe('local API server', () => {
  let server: Server;
  let port: number;
  const errors: unknown[] = [];

  beforeAll(async () => {
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine: emptyEngine(),
      datasets,
      config: { waitBudgetMs: 1000, maxRangeDays: 31 },
    });
    server = createApiServer(handler, (error) => errors.push(error));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (target: string, headers = '') =>
    rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);

  function expectJsonError(answer: RawAnswer, status: number): { code: string; message: string } {
    expect(answer.status, answer.body).toBe(status);
    expect(answer.headers['content-type']).toContain('application/json');
    const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    return body.error;
  }

  it.each(PROTOTYPE_NAMES)('answers 400 naming the parameter for a query parameter named %s', async (name) => {
    // Act
    const onList = await get(`/v1/datasets?${name}=1`);
    const onRecords = await get(`/v1/datasets/passengers/records?${name}=1`);

    // Assert
    expect(onList.status).toBe(200);
    const error = expectJsonError(onRecords, 400);
    expect(error.message).toContain(JSON.stringify(name));
  });

  it('answers 400 naming a repeated parameter named after a prototype member', async () => {
    // Act
    const answer = await get('/v1/datasets/passengers/records?constructor=1&constructor=2');

    // Assert
    expect(expectJsonError(answer, 400).message).toContain('"constructor"');
  });

  it.each([
    ['a path starting with two slashes and a bracket', '//[', 404],
    ['a path of two slashes', '//', 404],
    ['an absolute-form target with a broken IPv6 host', 'http://[::1/v1/datasets', 400],
    ['an asterisk-form target', '*', 400],
    ['an authority-form target', '127.0.0.1:3000', 400],
  ])('answers a JSON 4xx for %s', async (_case, target, status) => {
    // Act
    const answer = await get(target);

    // Assert
    expectJsonError(answer, status);
  });

  it('serves an absolute-form target by its path, as a proxy request', async () => {
    // Act
    const answer = await get(`http://127.0.0.1:${port}/v1/datasets`);

    // Assert
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('passengers');
  });

  it('answers 413 with a JSON body to a 2 MB request body', async () => {
    // Prepare
    const body = Buffer.alloc(2 * 1024 * 1024, 'x');
    const head = `POST /v1/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;

    // Act
    const answer = await rawRequest(port, Buffer.concat([Buffer.from(head), body]));

    // Assert
    expect(expectJsonError(answer, 413).code).toBe('payload_too_large');
  });

  it('answers 431 with a JSON body to request headers over the limit', async () => {
    // Act
    const answer = await get('/v1/datasets', `X-Big: ${'x'.repeat(64 * 1024)}\r\n`);

    // Assert
    expectJsonError(answer, 431);
  });

  it.each([
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
    ['a target with a space', 'GET /v1/data sets HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header line without a colon', 'GET /v1/datasets HTTP/1.1\r\nHost x\r\n\r\n'],
    ['a control character in the target', 'GET /v1/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an HTTP/1.1 request without a Host header', 'GET /v1/datasets HTTP/1.1\r\n\r\n'],
    [
      'a chunked body with a chunk size that is not hex',
      'POST /v1/datasets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n',
    ],
  ])('answers 400 with a JSON body to %s', async (_case, request) => {
    // Act
    const answer = await rawRequest(port, request);

    // Assert
    expectJsonError(answer, 400);
  });

  it('reported no integration failure for any of these requests', () => {
    // Assert
    expect(errors).toEqual([]);
  });
});
