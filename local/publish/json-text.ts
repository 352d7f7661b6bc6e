/** JSON text helpers that never round a big integer: records travel as their original text where possible. */

/** Serialises a record whose bigint values are written as bare digits (JSON.stringify cannot). */
export function toJsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .map(([key, field]) => `${JSON.stringify(key)}:${toJsonText(field)}`);
  return `{${fields.join(',')}}`;
}
