/**
 * The rows of the rejected route as the API answers them: `{messageId, recordIndex, receivedAt, reasons, original}`
 * with `reasons` a list of `{path, message}`, whichever engine ran the query.
 */
import type { JsonRow, JsonValue } from './result-typing';

export interface RejectionReasonRow {
  readonly path: string;
  readonly message: string;
}

/** The value of `name` in a row whatever case the engine gave the column label (Athena may lower-case it). */
function field(row: JsonRow, name: string): JsonValue | undefined {
  if (name in row) return row[name];
  const lower = name.toLowerCase();
  return Object.entries(row).find(([candidate]) => candidate.toLowerCase() === lower)?.[1];
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function reasonOf(value: unknown): RejectionReasonRow {
  // A row cast to JSON is an object of its named fields; engines that cast it positionally give [path, message].
  if (Array.isArray(value)) return { path: text(value[0]), message: text(value[1]) };
  const object = (value ?? {}) as Record<string, unknown>;
  return { path: text(object.path), message: text(object.message) };
}

/** `reasons` as the engines select it (JSON text) or already parsed. */
export function parseReasons(value: JsonValue | undefined): RejectionReasonRow[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [{ path: '', message: value }];
    }
  }
  return Array.isArray(parsed) ? parsed.map(reasonOf) : [];
}

export function rejectedRow(row: JsonRow): JsonRow {
  const recordIndex = field(row, 'recordIndex');
  return {
    messageId: text(field(row, 'messageId')),
    recordIndex: typeof recordIndex === 'number' ? recordIndex : null,
    receivedAt: text(field(row, 'receivedAt')),
    reasons: parseReasons(field(row, 'reasons')).map((reason) => ({ path: reason.path, message: reason.message })),
    original: text(field(row, 'original')),
  };
}
