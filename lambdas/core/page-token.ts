/**
 * The API's `nextToken`: opaque to clients (base64url JSON), carrying the query id, the engine's page token, the
 * page size, the rows already served, when it expires and, for records pages, the dataset. Decoding is strict, so a
 * tampered token is a 400, never a 500.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IDENTIFIER } from './dataset';
import { badRequest } from './http-response';
import { MAX_LIMIT } from './request-params';

export const QUERY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOKEN_LENGTH = 8192;
const PARAMETER_DIGEST = /^[A-Za-z0-9_-]{12}$/;

/** A short fingerprint of a parameter value: enough to tell a repeated value from another, never the value itself. */
export function parameterDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 12);
}

const pageTokenSchema = z.strictObject({
  v: z.literal(1),
  q: z.string().regex(QUERY_ID_PATTERN),
  t: z.string().min(1).max(4096),
  n: z.number().int().min(1).max(MAX_LIMIT),
  d: z.string().regex(IDENTIFIER).optional(),
  s: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  e: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  p: z
    .array(z.tuple([z.string().min(1).max(64), z.string().regex(PARAMETER_DIGEST)]))
    .max(64)
    .optional(),
});

export interface PageToken {
  readonly queryId: string;
  /** The engine's own token for the next page. */
  readonly engineToken: string;
  readonly pageSize: number;
  readonly dataset?: string;
  /** Rows of the result already served before this page (0 when absent), so the row cap holds across pages. */
  readonly served?: number;
  /** When the engine stops keeping the result (whole seconds), after which the token is refused as expired. */
  readonly expiresAt?: Date;
  /**
   * Records pages: the parameters of the request that started the query (`limit` and `nextToken` aside), by name, as
   * `parameterDigest`s; a continuation may repeat them but not change them. Absent on tokens that predate it.
   */
  readonly parameters?: ReadonlyMap<string, string>;
}

export function encodePageToken(token: PageToken): string {
  const payload = {
    v: 1,
    q: token.queryId,
    t: token.engineToken,
    n: token.pageSize,
    ...(token.dataset ? { d: token.dataset } : {}),
    ...(token.served ? { s: token.served } : {}),
    ...(token.expiresAt ? { e: Math.floor(token.expiresAt.getTime() / 1000) } : {}),
    ...(token.parameters ? { p: [...token.parameters] } : {}),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodePageToken(text: string): PageToken {
  const invalid = () => badRequest('invalid_parameter', 'parameter "nextToken" is not a token this API issued');
  if (text.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } /* Stryker disable next-line BlockStatement: text that is not JSON leaves `json` undefined, which the schema refuses with the same 400 */ catch {
    throw invalid();
  }
  const parsed = pageTokenSchema.safeParse(json);
  if (!parsed.success) throw invalid();
  const { q, t, n, d, s, e, p } = parsed.data;
  return {
    queryId: q,
    engineToken: t,
    pageSize: n,
    ...(d ? { dataset: d } : {}),
    ...(s ? { served: s } : {}),
    ...(e === undefined ? {} : { expiresAt: new Date(e * 1000) }),
    ...(p === undefined ? {} : { parameters: new Map(p) }),
  };
}
