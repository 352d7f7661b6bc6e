import { gunzipSync } from 'node:zlib';

/** The JSON lines of a gzip NDJSON object (an absent object has none). */
export function gzipJsonLines(body: Uint8Array | undefined): Array<Record<string, unknown>> {
  if (!body) return [];
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
