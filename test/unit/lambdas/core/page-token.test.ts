import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../lambdas/core/http-response';
import { decodePageToken, encodePageToken, parameterDigest } from '../../../../lambdas/core/page-token';

const QUERY_ID = '0b7c9a57-3f4e-4d5a-9a43-6f3a3b1f2c11';
const DIGEST = 'AbCdEf012_-x';

/** A token as the API would encode it from `payload`, with no check of its fields. */
const tokenOf = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
const valid = { v: 1, q: QUERY_ID, t: 't', n: 1 };

/** A well-formed token of exactly `length` characters: the engine token is padded until the encoding has that length. */
function tokenOfLength(length: number): string {
  const parameters = Array.from({ length: 40 }, (_, index) => [`p${String(index).padStart(63, '0')}`, DIGEST]);
  const bare = JSON.stringify({ ...valid, t: '', p: parameters }).length;
  const text = tokenOf({ ...valid, t: 'x'.repeat(Math.ceil((length * 3) / 4) - bare), p: parameters });
  if (text.length !== length) throw new Error(`no token of length ${length}`);
  return text;
}

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

  it('round-trips a bare token with no optional field, adding none', () => {
    // Prepare
    const token = { queryId: QUERY_ID, engineToken: 'e', pageSize: 1 };

    // Act
    const decoded = decodePageToken(encodePageToken(token));

    // Assert
    expect(decoded).toStrictEqual(token);
  });

  it('round-trips the expiry in whole seconds, rounded down, and the parameter digests', () => {
    // Prepare
    const parameters = new Map([['carrier', parameterDigest('LH')]]);
    const token = { queryId: QUERY_ID, engineToken: 'e', pageSize: 1000, expiresAt: new Date(1_700_000_000_999), parameters };

    // Act
    const decoded = decodePageToken(encodePageToken(token));

    // Assert
    expect(decoded).toStrictEqual({ ...token, expiresAt: new Date(1_700_000_000_000) });
  });

  it('round-trips an expiry at the epoch', () => {
    // Act
    const decoded = decodePageToken(tokenOf({ ...valid, e: 0 }));

    // Assert
    expect(decoded).toStrictEqual({ queryId: QUERY_ID, engineToken: 't', pageSize: 1, expiresAt: new Date(0) });
  });

  it('leaves out a served count of zero, which a token cannot carry', () => {
    // Prepare
    const token = { queryId: QUERY_ID, engineToken: 'e', pageSize: 1, served: 0 };

    // Act
    const decoded = decodePageToken(encodePageToken(token));

    // Assert
    expect(decoded).toStrictEqual({ queryId: QUERY_ID, engineToken: 'e', pageSize: 1 });
  });

  it('accepts a query id in upper case and the largest values of each bounded field', () => {
    // Prepare
    const parameters = [...Array.from({ length: 63 }, (_, index) => [`n${index}`, DIGEST]), ['n'.repeat(64), DIGEST]];
    const longest = {
      v: 1,
      q: QUERY_ID.toUpperCase(),
      t: 'x',
      n: 1000,
      d: `a${'b'.repeat(62)}`,
      s: 2 ** 53 - 1,
      e: 2 ** 53 - 1,
      p: parameters,
    };

    // Act
    const decoded = decodePageToken(tokenOf(longest));
    const longestEngineToken = decodePageToken(tokenOf({ ...valid, t: 'x'.repeat(4096) }));

    // Assert
    expect(decoded.queryId).toBe(QUERY_ID.toUpperCase());
    expect(decoded.pageSize).toBe(1000);
    expect(decoded.dataset).toBe(`a${'b'.repeat(62)}`);
    expect(decoded.served).toBe(2 ** 53 - 1);
    expect(decoded.parameters?.size).toBe(64);
    expect(longestEngineToken.engineToken).toHaveLength(4096);
  });

  it('accepts a token of the longest length, 8192 characters', () => {
    // Prepare
    const text = tokenOfLength(8192);

    // Act
    const decoded = decodePageToken(text);

    // Assert
    expect(decoded.queryId).toBe(QUERY_ID);
  });

  it.each([
    ['longer than 8192 characters', tokenOfLength(8196)],
    ['padded with "="', `${tokenOf(valid)}=`],
    ['led by a character outside base64url', `.${tokenOf(valid)}`],
    ['of another version', tokenOf({ ...valid, v: 2 })],
    ['without a query id', tokenOf({ v: 1, t: 't', n: 1 })],
    ['a query id inside longer text', tokenOf({ ...valid, q: `x${QUERY_ID}` })],
    ['a query id followed by more text', tokenOf({ ...valid, q: `${QUERY_ID}x` })],
    ['an empty engine token', tokenOf({ ...valid, t: '' })],
    ['an engine token over 4096 characters', tokenOf({ ...valid, t: 'x'.repeat(4097) })],
    ['a page size of 0', tokenOf({ ...valid, n: 0 })],
    ['a fractional page size', tokenOf({ ...valid, n: 1.5 })],
    ['a dataset that is no identifier', tokenOf({ ...valid, d: 'Flights' })],
    ['a served count of 0', tokenOf({ ...valid, s: 0 })],
    ['a served count beyond the safe integers', tokenOf({ ...valid, s: 2 ** 53 })],
    ['a fractional served count', tokenOf({ ...valid, s: 1.5 })],
    ['an expiry before the epoch', tokenOf({ ...valid, e: -1 })],
    ['an expiry beyond the safe integers', tokenOf({ ...valid, e: 2 ** 53 })],
    ['a fractional expiry', tokenOf({ ...valid, e: 1.5 })],
    ['a parameter with an empty name', tokenOf({ ...valid, p: [['', DIGEST]] })],
    ['a parameter name over 64 characters', tokenOf({ ...valid, p: [['n'.repeat(65), DIGEST]] })],
    ['a parameter digest of 11 characters', tokenOf({ ...valid, p: [['a', DIGEST.slice(1)]] })],
    ['a parameter digest of 13 characters', tokenOf({ ...valid, p: [['a', `${DIGEST}x`]] })],
    ['a parameter digest outside base64url', tokenOf({ ...valid, p: [['a', 'AbCdEf012+/x']] })],
    ['more than 64 parameters', tokenOf({ ...valid, p: Array.from({ length: 65 }, (_, index) => [`n${index}`, DIGEST]) })],
  ])('rejects a token %s with the 400 invalid_parameter naming nextToken', (_, text) => {
    // Act
    const decode = () => decodePageToken(text);

    // Assert
    expect(decode).toThrow(HttpError);
    expect(decode).toThrow(
      expect.objectContaining({ code: 'invalid_parameter', message: 'parameter "nextToken" is not a token this API issued' }),
    );
  });
});

describe('parameterDigest', () => {
  it('is the first 12 base64url characters of the SHA-256 of the value', () => {
    // Act
    const digest = parameterDigest('abc');

    // Assert: SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(digest).toBe(Buffer.from('ba7816bf8f01cfea41', 'hex').toString('base64url'));
    expect(digest).toHaveLength(12);
  });
});
