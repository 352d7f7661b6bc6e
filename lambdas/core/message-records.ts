import { jsonArrayElementTexts, parseExactJson } from './exact-json';
import { stripByteOrderMark } from './sns-envelope';

/** The records of one published message: an object is one record, an array is many (an empty array is none). */
export type MessageRecords =
  | { readonly ok: true; readonly records: readonly unknown[]; readonly isArray: boolean }
  | { readonly ok: false; readonly message: string };

/** Parses a message text (a leading byte order mark is ignored), keeping big integers exact. */
export function readMessageRecords(text: string): MessageRecords {
  let value: unknown;
  try {
    value = parseExactJson(stripByteOrderMark(text));
  } catch (error) {
    // Both parsers throw only errors: a SyntaxError for text that is not JSON.
    return { ok: false, message: `message is not valid JSON: ${(error as Error).message}` };
  }
  return Array.isArray(value) ? { ok: true, records: value, isArray: true } : { ok: true, records: [value], isArray: false };
}

/** The original text of each record of a message that `readMessageRecords` read, for quoting rejected records verbatim. */
export function recordTexts(text: string, isArray: boolean): readonly string[] {
  const json = stripByteOrderMark(text);
  // The span parser is iterative, so an array that JSON.parse read is split here too, however deep it nests.
  return isArray ? jsonArrayElementTexts(json) : [json.trim()];
}
