import { describe, expect, it } from 'vitest';
import { InvalidRequestTargetError, toProxyEvent } from '../../../../local/api/proxy-event';

describe('toProxyEvent', () => {
  it('fills resource, path parameters and single- and multi-value query strings like API Gateway', () => {
    // Act
    const event = toProxyEvent({
      method: 'GET',
      url: '/v1/datasets/passengers/records?from=2025-01-01&flight_id=7&flight_id=8&name=Ada%20L',
      headers: { host: '127.0.0.1:3000', 'x-api-key': 'k' },
    });

    // Assert
    expect(event).toMatchObject({
      resource: '/v1/datasets/{name}/records',
      path: '/v1/datasets/passengers/records',
      httpMethod: 'GET',
      pathParameters: { name: 'passengers' },
      queryStringParameters: { from: '2025-01-01', flight_id: '8', name: 'Ada L' },
      multiValueQueryStringParameters: { from: ['2025-01-01'], flight_id: ['7', '8'], name: ['Ada L'] },
      headers: { host: '127.0.0.1:3000', 'x-api-key': 'k' },
      body: null,
      isBase64Encoded: false,
      requestContext: { stage: 'local', resourcePath: '/v1/datasets/{name}/records', httpMethod: 'GET', identity: { apiKey: 'k' } },
    });
  });

  it('gives null query strings and path parameters when there are none, and decodes a path parameter', () => {
    // Act
    const list = toProxyEvent({ method: 'GET', url: '/v1/datasets', headers: {} });
    const query = toProxyEvent({ method: 'GET', url: '/v1/queries/a%2Db', headers: {} });

    // Assert
    expect(list).toMatchObject({
      resource: '/v1/datasets',
      pathParameters: null,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
    });
    expect(query).toMatchObject({ resource: '/v1/queries/{queryId}', pathParameters: { queryId: 'a-b' } });
  });

  it('passes an unknown path through as its own resource so the handler can answer 404', () => {
    // Act
    const event = toProxyEvent({ method: 'GET', url: '/nope', headers: {} });

    // Assert
    expect(event).toMatchObject({ resource: '/nope', path: '/nope', pathParameters: null });
  });

  it('keeps parameters named after Object.prototype members as plain, repeatable names', () => {
    // Act
    const event = toProxyEvent({ method: 'GET', url: '/v1/datasets?constructor=1&__proto__=2&toString=3&constructor=4', headers: {} });

    // Assert
    expect(event.multiValueQueryStringParameters).toEqual(
      Object.fromEntries([
        ['constructor', ['1', '4']],
        ['__proto__', ['2']],
        ['toString', ['3']],
      ]),
    );
    expect(Object.keys(event.queryStringParameters ?? {})).toEqual(['constructor', '__proto__', 'toString']);
  });

  it('reads a target starting with two slashes as a path, and an absolute-form target by its path', () => {
    // Act
    const schemeRelative = toProxyEvent({ method: 'GET', url: '//[', headers: {} });
    const absolute = toProxyEvent({ method: 'GET', url: 'http://127.0.0.1:3000/v1/datasets/passengers/records?limit=5', headers: {} });

    // Assert
    expect(schemeRelative).toMatchObject({ path: '//[', resource: '//[' });
    expect(absolute).toMatchObject({ path: '/v1/datasets/passengers/records', queryStringParameters: { limit: '5' } });
  });

  it.each(['http://[::1/v1/datasets', '*', '127.0.0.1:3000', 'v1/datasets'])('refuses the request target %s', (url) => {
    // Act / Assert
    expect(() => toProxyEvent({ method: 'GET', url, headers: {} })).toThrow(InvalidRequestTargetError);
  });
});
