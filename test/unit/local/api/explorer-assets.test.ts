/**
 * Which paths the local API server answers with the explorer's own files and which it leaves to the API: only the
 * listed files are served, by GET; anything else under /docs reaches the query handler like any other path.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../../../local/api/api-server';
import { isExplorerAsset } from '../../../../local/api/explorer-assets';

describe('API explorer files on the local API server', () => {
  let server: Server;
  let origin: string;
  const proxied: string[] = [];

  beforeAll(async () => {
    server = createApiServer(async (event: APIGatewayProxyEvent) => {
      proxied.push(`${event.httpMethod} ${event.path}`);
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"code":"route_not_found","message":"-"}}',
      };
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['/docs', 'text/html'],
    ['/docs/', 'text/html'],
    ['/', 'text/html'],
    ['/docs/explorer.js', 'text/javascript'],
    ['/docs/swagger-ui-bundle.js', 'text/javascript'],
    ['/docs/swagger-ui.css', 'text/css'],
    ['/docs/favicon-16x16.png', 'image/png'],
    ['/favicon.ico', 'image/png'],
  ])('serves %s itself as %s, with a length and nosniff', async (path, contentType) => {
    // Act
    const response = await fetch(`${origin}${path}`);
    const body = Buffer.from(await response.arrayBuffer());

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(contentType);
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(body.length).toBeGreaterThan(0);
    expect(proxied).not.toContain(`GET ${path}`);
  });

  it('puts the Content-Security-Policy on the page and keeps the page out of caches', async () => {
    // Act
    const response = await fetch(`${origin}/docs`);

    // Assert
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['GET', '/docs/index.html'],
    ['GET', '/docs/../package.json'],
    ['GET', '/docs/swagger-ui-bundle.js.map'],
    ['POST', '/favicon.ico'],
  ])('leaves %s %s to the API', async (method, path) => {
    // Act
    const response = await fetch(`${origin}${path}`, { method });
    await response.arrayBuffer();

    // Assert
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('knows no file outside its list, such as another file of the package', () => {
    // Act / Assert
    expect(isExplorerAsset('/docs/oauth2-redirect.html')).toBe(false);
    expect(isExplorerAsset('/docs/swagger-ui.css')).toBe(true);
  });
});
