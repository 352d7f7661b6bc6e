import { describe, expect, it } from 'vitest';
import { toProxyEvent } from '../../../local/api/proxy-event';

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
});
