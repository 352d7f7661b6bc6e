import { createHash } from 'node:crypto';

/**
 * The id of a lake object: first 32 hex chars of SHA-256 over the partition date and the sorted,
 * de-duplicated message ids it holds. A retried batch with the same messages gets the same key and overwrites.
 */
export function lakeObjectId(dt: string, messageIds: Iterable<string>): string {
  const sorted = [...new Set(messageIds)].sort();
  return createHash('sha256')
    .update(`${dt}\n${sorted.join('\n')}`)
    .digest('hex')
    .slice(0, 32);
}
