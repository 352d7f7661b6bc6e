/**
 * Reads what the ingest wrote, independently of its code: each gzip NDJSON object gunzipped with node:zlib and each line
 * read with JSON.parse, except that integer tokens come back as exact bigints (JSON.parse would round them beyond 2^53).
 */
import { gunzipSync } from 'node:zlib';

export interface LakeLine {
  readonly key: string;
  /** The `dt=` partition of the object's key. */
  readonly dt: string;
  readonly value: Record<string, unknown>;
}

/** A string token (left as it is, so digits inside strings are never touched) or a number token. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const INTEGER_TOKEN = /^-?\d+$/;
/** A key no lake line has: a number token is wrapped as `{"<key>":"<token>"}` before JSON.parse, then unwrapped. */
const NUMBER_KEY = ' exact number';

/** One JSON line with every integer as a bigint and every other number as a double. Throws SyntaxError as JSON.parse does. */
export function parseLineExactly(line: string): unknown {
  const wrapped = line.replace(TOKEN, (token) => (token.startsWith('"') ? token : `{"${NUMBER_KEY}":"${token}"}`));
  return JSON.parse(wrapped, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, NUMBER_KEY)) return value;
    const source = (value as Record<string, string>)[NUMBER_KEY] ?? '';
    return INTEGER_TOKEN.test(source) ? BigInt(source) : Number(source);
  });
}

/** Every line of every object whose key starts with `prefix`. */
export function readLakeLines(
  objects: ReadonlyMap<string, Uint8Array>,
  prefix: string,
  parse: (line: string) => unknown = JSON.parse,
): LakeLine[] {
  const lines: LakeLine[] = [];
  for (const [key, body] of objects) {
    if (!key.startsWith(prefix)) continue;
    const dt = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1] ?? `no dt in ${key}`;
    for (const line of gunzipSync(body).toString('utf8').split('\n'))
      if (line !== '') lines.push({ key, dt, value: parse(line) as Record<string, unknown> });
  }
  return lines;
}
