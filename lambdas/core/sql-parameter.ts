/** Parses request text into typed SQL parameters, by the column's type; anything unparsable is a 400 naming the parameter. */
import type { SqlParameter } from '../adapters/query-engine';
import { type ColumnType, INTEGER_RANGES } from './dataset';
import { badRequest } from './http-response';
import { isCalendarDate } from './lake-value-format';

const INT_MIN = Number(INTEGER_RANGES.int.min);
const INT_MAX = Number(INTEGER_RANGES.int.max);
/**
 * Longest string value accepted as a filter: even with every character a quote (doubled in the literal) the Athena
 * execution parameter stays within 1024 characters.
 */
export const MAX_STRING_PARAMETER_LENGTH = 500;

const INTEGER_TEXT = /^-?\d{1,20}$/;
const DOUBLE_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses ISO-8601 with a zone (`Z` or `±HH:MM`) and at most millisecond precision into a UTC instant. */
export function parseIsoTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  if (!isCalendarDate(`${year}-${month}-${day}`)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const milliseconds = Number(fraction.padEnd(3, '0'));
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), milliseconds);
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [offsetHours, offsetRest] = zone.slice(1).split(':').map(Number);
    if (offsetHours === undefined || offsetRest === undefined || offsetHours > 23 || offsetRest > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetRest);
  }
  return new Date(local - offsetMinutes * 60_000);
}

/** Parses one request value for a column of `type`; throws a 400 `invalid_parameter` naming `parameterName`. */
export function parseSqlParameter(parameterName: string, type: ColumnType, text: string): SqlParameter {
  const invalid = (expected: string) =>
    badRequest('invalid_parameter', `parameter "${parameterName}" must be ${expected}, got ${JSON.stringify(text.slice(0, 64))}`);
  switch (type) {
    case 'string':
      if (text.length > MAX_STRING_PARAMETER_LENGTH) throw invalid(`a string of at most ${MAX_STRING_PARAMETER_LENGTH} characters`);
      return { type, value: text };
    case 'int': {
      const value = INTEGER_TEXT.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) throw invalid('a base-10 32-bit integer');
      return { type, value };
    }
    case 'bigint': {
      if (!INTEGER_TEXT.test(text)) throw invalid('a base-10 integer');
      const value = BigInt(text);
      if (value < INTEGER_RANGES.bigint.min || value > INTEGER_RANGES.bigint.max)
        throw invalid('a base-10 integer within the signed 64-bit range');
      return { type, value };
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
      if (!isCalendarDate(text)) throw invalid('a date YYYY-MM-DD');
      return { type, value: text };
    case 'timestamp': {
      const value = parseIsoTimestamp(text);
      if (!value) throw invalid('an ISO-8601 timestamp with a zone and at most millisecond precision, e.g. 2025-01-31T10:15:00Z');
      return { type, value };
    }
  }
}
