/**
 * Text both query engines read back unchanged. A JavaScript string may hold a lone UTF-16 surrogate (JSON text can
 * spell one as `"\ud800"`), which is not Unicode: `JSON.stringify` writes it back as that escape, DuckDB's JSON reader
 * refuses the whole file ("no low surrogate in string") and Athena's reader decodes the escape with Jackson, which
 * does not check surrogate pairs, then encodes the Java string to UTF-8, which replaces the lone half with `?`.
 * Every other code point, NUL and the control characters included (`JSON.stringify` escapes them), reads back as written.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const LONE_SURROGATE_MESSAGE = 'contains a lone UTF-16 surrogate (not valid Unicode)';

/** True when the string is a sequence of Unicode scalar values (no lone surrogate). */
export function isWellFormedText(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(text);
}

/**
 * Writes each lone surrogate as the six characters of its JSON escape (`\ud800`), so the text is valid Unicode. For
 * text that is itself JSON (a rejected record's original), a lone surrogate inside a string becomes the escape that
 * means the same string; nothing else changes.
 */
export function escapeLoneSurrogates(text: string): string {
  // A surrogate's code, D800 to DFFF, is always four hex digits.
  return text.replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}
