import { randomUUID } from 'node:crypto';

/** A run id unique to one compaction of one day, readable and safe in an object key: `20260102T031500Z-1a2b3c4d`. */
export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '');
  return `${stamp}-${randomUUID().slice(0, 8)}`;
}
