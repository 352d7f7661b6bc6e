import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../lambdas/core/http-response';
import { decodePageToken, encodePageToken } from '../../../../lambdas/core/page-token';

const QUERY_ID = '0b7c9a57-3f4e-4d5a-9a43-6f3a3b1f2c11';

describe('page tokens', () => {
  it('round-trips the query id, engine token, page size and dataset', () => {
    // Prepare
    const token = { queryId: QUERY_ID, engineToken: 'AYADeKq…/+==', pageSize: 50, dataset: 'passengers' };

    // Act
    const decoded = decodePageToken(encodePageToken(token));

    // Assert
    expect(decoded).toEqual(token);
  });

  it('round-trips how many rows of the result were already served', () => {
    // Prepare
    const token = { queryId: QUERY_ID, engineToken: '40', pageSize: 20, dataset: 'passengers', served: 40 };

    // Act
    const decoded = decodePageToken(encodePageToken(token));

    // Assert
    expect(decoded).toEqual(token);
  });

  it.each([
    ['a negative served count', Buffer.from(JSON.stringify({ v: 1, q: QUERY_ID, t: 't', n: 1, s: -1 })).toString('base64url')],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a foreign query id', Buffer.from(JSON.stringify({ v: 1, q: 'x', t: 't', n: 1 })).toString('base64url')],
    ['an extra field', Buffer.from(JSON.stringify({ v: 1, q: QUERY_ID, t: 't', n: 1, admin: true })).toString('base64url')],
    ['a page size beyond the limit', Buffer.from(JSON.stringify({ v: 1, q: QUERY_ID, t: 't', n: 5000 })).toString('base64url')],
    ['an empty text', ''],
  ])('rejects a token that is %s with a 400 naming nextToken', (_, text) => {
    // Act
    const decode = () => decodePageToken(text);

    // Assert
    expect(decode).toThrow(HttpError);
    expect(decode).toThrow(/"nextToken"/);
  });
});
