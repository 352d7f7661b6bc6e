import { type ColumnType, INTEGER_RANGES } from './dataset';
import { ExactNumber } from './exact-json';
import { isCalendarDate, parseZonedTimestamp } from './lake-value-format';
import { isWellFormedText, LONE_SURROGATE_MESSAGE } from './unicode-text';

/** A value as the lake file holds it: bigint beyond 2^53 as a JS bigint, timestamps as UTC `YYYY-MM-DD HH:MM:SS.mmm`. */
export type LakeValue = string | number | bigint | boolean | null;

export type ColumnValueResult = { ok: true; value: LakeValue } | { ok: false; message: string };

/** Any exponent beyond this makes an integer far outside every range we accept. */
const LARGEST_USEFUL_EXPONENT = 40;
const DECIMAL_TOKEN = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Checks one present, non-null JSON value against a column type, with no coercion:
 * int/bigint take JSON numbers whose exact value is an integer in range, double a finite number,
 * boolean true/false, string a string of Unicode text (no lone UTF-16 surrogate), date a real `YYYY-MM-DD`, timestamp ISO-8601 with a zone.
 */
export function toLakeValue(type: ColumnType, value: unknown): ColumnValueResult {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return typeError('a string', value);
      // Stored as is, it would make the lake file unreadable by DuckDB and read back altered by Athena (unicode-text.ts).
      return isWellFormedText(value) ? { ok: true, value } : { ok: false, message: LONE_SURROGATE_MESSAGE };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : typeError('a boolean (true or false)', value);
    case 'double':
      return toDouble(value);
    case 'int':
      return toInteger(value, INTEGER_RANGES.int.min, INTEGER_RANGES.int.max, 'int');
    case 'bigint':
      return toInteger(value, INTEGER_RANGES.bigint.min, INTEGER_RANGES.bigint.max, 'bigint');
    case 'date':
      if (typeof value !== 'string') return typeError('a date string YYYY-MM-DD', value);
      return isCalendarDate(value) ? { ok: true, value } : { ok: false, message: `"${value}" is not a calendar date YYYY-MM-DD` };
    case 'timestamp': {
      if (typeof value !== 'string') return typeError('an ISO-8601 timestamp string with a zone', value);
      const parsed = parseZonedTimestamp(value);
      return parsed.ok ? { ok: true, value: parsed.lakeValue } : { ok: false, message: parsed.message };
    }
  }
}

/** The exact integer a JSON number token denotes, or undefined when it has a non-zero fraction. */
export function exactIntegerOf(token: string): bigint | undefined {
  const match = DECIMAL_TOKEN.exec(token);
  if (match === null) return undefined;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = `${whole}${fraction}`;
  const exponent = Number(exponentText ?? 0) - fraction.length;
  // The digits before the decimal point; a non-zero digit after it makes a fraction.
  const kept = Math.max(digits.length + exponent, 0);
  if (/[1-9]/.test(digits.slice(kept))) return undefined;
  const magnitude = BigInt(digits.slice(0, kept)) * 10n ** BigInt(Math.min(Math.max(exponent, 0), LARGEST_USEFUL_EXPONENT));
  return sign === '-' ? -magnitude : magnitude;
}

/** How a JSON value is named in a reason: `string "abc"`, `number 1.5`, `array`, `null`. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof ExactNumber) return `number ${value.source}`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}

function toDouble(value: unknown): ColumnValueResult {
  const number = value instanceof ExactNumber ? value.toNumber() : value;
  if (typeof number !== 'number') return typeError('a number', value);
  return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, message: `${describeJsonValue(value)} is not finite` };
}

function toInteger(value: unknown, min: bigint, max: bigint, type: 'int' | 'bigint'): ColumnValueResult {
  let exact: bigint | undefined;
  let shown: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { ok: false, message: `expected an integer, received number ${String(value)}` };
    exact = BigInt(value);
    shown = String(value);
  } else if (value instanceof ExactNumber) {
    exact = exactIntegerOf(value.source);
    if (exact === undefined) return { ok: false, message: `expected an integer, received number ${value.source}` };
    shown = value.source;
  } else {
    return typeError(`an integer (${type})`, value);
  }
  if (exact < min || exact > max) return { ok: false, message: `integer ${shown} is outside the ${type} range [${min}, ${max}]` };
  const asNumber = Number(exact);
  return { ok: true, value: Number.isSafeInteger(asNumber) ? asNumber : exact };
}

function typeError(expected: string, value: unknown): ColumnValueResult {
  return { ok: false, message: `expected ${expected}, received ${describeJsonValue(value)}` };
}
