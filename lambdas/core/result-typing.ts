/**
 * Types result values (strings as Athena renders them) into JSON values by column type. Both engines go through
 * this one function, so they answer identical JSON.
 */

import type { ColumnType } from './dataset';
import type { ResultColumn, ResultPage } from './ports/query-engine';

/** Engines answer scalars; a route may shape them into lists and objects (core/rejected-rows.ts). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonRow = Record<string, JsonValue>;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LAKE_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;

/** `YYYY-MM-DD HH:MM:SS[.fff…]` (UTC) to `YYYY-MM-DDTHH:MM:SS.mmmZ`; other text is returned unchanged. */
export function isoTimestamp(text: string): string {
  const match = LAKE_TIMESTAMP.exec(text);
  if (!match) return text;
  const [, date, time, fraction = ''] = match;
  return `${date}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

export function typeValue(type: ColumnType, text: string | null): JsonValue {
  if (text === null) return null;
  switch (type) {
    case 'bigint': {
      if (!/^-?\d+$/.test(text)) return text;
      const value = BigInt(text);
      return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
    }
    case 'int':
    case 'double': {
      const value = Number(text);
      return Number.isFinite(value) ? value : text;
    }
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return isoTimestamp(text);
    case 'date':
    case 'string':
      return text;
  }
}

export function typeRow(columns: readonly ResultColumn[], values: readonly (string | null)[]): JsonRow {
  const row: JsonRow = {};
  columns.forEach((column, index) => {
    row[column.name] = typeValue(column.type, values[index] ?? null);
  });
  return row;
}

export function typeRows(page: Pick<ResultPage, 'columns' | 'rows'>): JsonRow[] {
  return page.rows.map((values) => typeRow(page.columns, values));
}
