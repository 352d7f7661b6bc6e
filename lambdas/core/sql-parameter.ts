/** Parses request text into typed SQL parameters, by the column's type; anything unparsable is a 400 naming the parameter. */

import { type ColumnType, INTEGER_RANGES } from './dataset';
import { badRequest } from './http-response';
import { calendarDateProblem, FILTER_TIMESTAMP_RULE, instantOfLakeTimestamp, parseZonedTimestamp } from './lake-value-format';
import type { SqlParameter } from './ports/query-engine';
import { isWellFormedText } from './unicode-text';

const INT_MIN = INTEGER_RANGES.int.min;
const INT_MAX = INTEGER_RANGES.int.max;
/**
 * Longest string value accepted as a filter: even with every character a quote (doubled in the literal) the Athena
 * execution parameter stays within 1024 characters.
 */
export const MAX_STRING_PARAMETER_LENGTH = 500;

/**
 * A regular expression source matching exactly the canonical base-10 integers from 1 to `max` (no sign, no leading
 * zero): every shorter length, then each digit position of `max` held to its digit or below.
 */
export function positiveUpTo(max: bigint): string {
  const digits = max.toString();
  const alternatives = digits.length > 1 ? [`[1-9]\\d{0,${digits.length - 2}}`] : [];
  for (const [index, character] of [...digits].entries()) {
    const digit = Number(character);
    const lowest = index === 0 ? 1 : 0;
    if (digit - 1 >= lowest) {
      const rest = digits.length - index - 1;
      const range = digit - 1 === lowest ? String(lowest) : `[${lowest}-${digit - 1}]`;
      alternatives.push(`${digits.slice(0, index)}${range}${rest > 0 ? `\\d{${rest}}` : ''}`);
    }
  }
  alternatives.push(digits);
  return alternatives.join('|');
}

/**
 * The text of a bigint filter, exactly: a canonical base-10 integer (no `+`, no leading zero, no `-0`) within the
 * signed 64-bit range. The OpenAPI document states this same pattern, so a client can check a value before sending it.
 */
export const BIGINT_FILTER_PATTERN = `^(?:0|${positiveUpTo(INTEGER_RANGES.bigint.max)}|-(?:${positiveUpTo(-INTEGER_RANGES.bigint.min)}))$`;
const BIGINT_FILTER_TEXT = new RegExp(BIGINT_FILTER_PATTERN);

/** A date: `YYYY-MM-DD` from year 0001 (RFC 3339 full-date, which the document also states as format `date`). */
export const DATE_PATTERN = '^(?:000[1-9]|00[1-9]\\d|0[1-9]\\d{2}|[1-9]\\d{3})-\\d{2}-\\d{2}$';

/**
 * A timestamp filter: RFC 3339 date-time (format `date-time`) with seconds, at most millisecond precision, an upper
 * case `T` and `Z` or a `±HH:MM` offset, no leap second.
 */
export const TIMESTAMP_FILTER_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,3})?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$';

const INTEGER_TEXT = /^-?\d+$/;
const DOUBLE_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Unicode code points of `text`, counted up to `limit + 1`: what JSON Schema's maxLength counts, not UTF-16 units. */
function codePointsBeyond(text: string, limit: number): boolean {
  let count = 0;
  for (const _ of text) if (++count > limit) return true;
  return false;
}

/** Parses RFC 3339 with seconds, a zone (`Z` or `±HH:MM`) and at most millisecond precision into a UTC instant. */
export function parseIsoTimestamp(text: string): Date | undefined {
  const parsed = parseZonedTimestamp(text, FILTER_TIMESTAMP_RULE);
  return parsed.ok ? instantOfLakeTimestamp(parsed.lakeValue) : undefined;
}

function invalidValue(parameterName: string, expected: string, text: string) {
  return badRequest('invalid_parameter', `parameter "${parameterName}" must be ${expected}, got ${JSON.stringify(text.slice(0, 64))}`);
}

function nonexistentDate(parameterName: string, message: string) {
  return badRequest('invalid_parameter', `parameter "${parameterName}": ${message}`);
}

/** Checks a `YYYY-MM-DD` request value; the 400 naming the parameter says whether it is malformed or names no day. */
export function parseDateText(parameterName: string, text: string): string {
  const problem = calendarDateProblem(text);
  if (problem === undefined) return text;
  throw problem.malformed ? invalidValue(parameterName, 'a date YYYY-MM-DD', text) : nonexistentDate(parameterName, problem.message);
}

function parseTimestampText(parameterName: string, text: string): Date {
  const parsed = parseZonedTimestamp(text, FILTER_TIMESTAMP_RULE);
  if (parsed.ok) return instantOfLakeTimestamp(parsed.lakeValue);
  if (parsed.dateDoesNotExist) throw nonexistentDate(parameterName, parsed.message);
  throw invalidValue(
    parameterName,
    'an RFC 3339 timestamp with seconds, a zone and at most millisecond precision, e.g. 2025-01-31T10:15:00Z',
    text,
  );
}

/** Parses one request value for a column of `type`; throws a 400 `invalid_parameter` naming `parameterName`. */
export function parseSqlParameter(parameterName: string, type: ColumnType, text: string): SqlParameter {
  const invalid = (expected: string) => invalidValue(parameterName, expected, text);
  switch (type) {
    case 'string':
      if (codePointsBeyond(text, MAX_STRING_PARAMETER_LENGTH))
        throw invalid(`a string of at most ${MAX_STRING_PARAMETER_LENGTH} characters (Unicode code points)`);
      // The lake holds no such string (the ingest refuses it), and an engine may not take it as a parameter.
      if (!isWellFormedText(text)) throw invalid('valid Unicode text (it contains a lone UTF-16 surrogate)');
      return { type, value: text };
    case 'int': {
      const value = INTEGER_TEXT.test(text) ? BigInt(text) : undefined;
      if (value === undefined || value < INT_MIN || value > INT_MAX) throw invalid(`a base-10 integer from ${INT_MIN} to ${INT_MAX}`);
      return { type, value: Number(value) };
    }
    case 'bigint': {
      if (!BIGINT_FILTER_TEXT.test(text))
        throw invalid(`a base-10 integer from ${INTEGER_RANGES.bigint.min} to ${INTEGER_RANGES.bigint.max}, without a leading zero or "+"`);
      return { type, value: BigInt(text) };
    }
    case 'double': {
      const value = DOUBLE_TEXT.test(text) ? Number(text) : Number.NaN;
      if (!Number.isFinite(value)) throw invalid('a finite decimal number');
      return { type, value };
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalid('true or false');
      return { type, value: text === 'true' };
    case 'date':
      return { type, value: parseDateText(parameterName, text) };
    case 'timestamp':
      return { type, value: parseTimestampText(parameterName, text) };
  }
}
