import { jsonArrayElementTexts } from '../../lambdas/core/exact-json';

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

/**
 * Splits the text of a JSON array into the exact texts of its elements (checked to be valid JSON). The ingest's own
 * splitter does it: it keeps every number as written and, being iterative, reads arrays nested at any depth.
 */
export function splitJsonArray(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) throw new Error('expected a JSON array');
  return jsonArrayElementTexts(trimmed);
}
