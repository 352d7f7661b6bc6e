import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ColumnDefinition, DatasetDefinition } from '../../lambdas/core/dataset';
import { jsonArrayElementTexts } from '../../lambdas/core/exact-json';
import { toJsonText } from './json-text';

export const RECORD_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export function formatOfFile(path: string): RecordFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return 'ndjson';
}

/** A line that could not be read as a record, numbered from 1 as an editor shows it. */
export interface InvalidLine {
  readonly line: number;
  /** Why, starting with what the line is not (e.g. "not valid JSON: Unexpected end of JSON input"). */
  readonly reason: string;
}

/** The records of a file as JSON texts, and the lines that are not records. */
export interface ReadRecords {
  readonly records: string[];
  readonly invalid: InvalidLine[];
}

function ndjsonRecords(text: string): ReadRecords {
  const records: string[] = [];
  const invalid: InvalidLine[] = [];
  text.split('\n').forEach((line, index) => {
    const record = line.trim();
    if (record === '') return;
    try {
      JSON.parse(record);
      records.push(record);
    } catch (error) {
      invalid.push({ line: index + 1, reason: `not valid JSON: ${(error as Error).message}` });
    }
  });
  return { records, invalid };
}

/** A CSV cell typed by its column; an empty cell is an absent value. Values that do not parse stay text (the ingest rejects them with a reason). */
function typedCell(column: ColumnDefinition, cell: string): unknown {
  if (cell === '') return undefined;
  switch (column.type) {
    case 'int':
    case 'double': {
      const number = Number(cell);
      return Number.isFinite(number) ? number : cell;
    }
    case 'bigint':
      return /^-?\d+$/.test(cell) ? BigInt(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    default:
      return cell;
  }
}

/** csv-parse ends its messages with the line number, which the caller puts first. */
const csvReason = (error: Error) => `not a valid CSV record: ${error.message.replace(/\s+(?:on|at) line \d+$/, '')}`;

function csvRecords(text: string, dataset: DatasetDefinition): ReadRecords {
  const invalid: InvalidLine[] = [];
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) invalid.push({ line: Number(error.lines), reason: csvReason(error) });
    },
  }) as Record<string, string>[];
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(row)) {
      const column = dataset.columns.find((candidate) => candidate.name === name);
      record[name] = column ? typedCell(column, cell) : cell === '' ? undefined : cell;
    }
    return toJsonText(record);
  });
  return { records, invalid };
}

/**
 * Reads the records of a file as JSON texts, one per record, keeping big integers exact; an NDJSON or CSV line that is
 * not a record is listed with its line number instead (a JSON array is valid as a whole or not at all).
 */
export function readRecords(text: string, format: RecordFormat, dataset: DatasetDefinition): ReadRecords {
  switch (format) {
    case 'ndjson':
      return ndjsonRecords(text);
    case 'json': {
      const trimmed = text.trim();
      // The ingest's own splitter: it keeps every number as written and reads arrays nested at any depth.
      return trimmed.startsWith('[') ? { records: jsonArrayElementTexts(trimmed), invalid: [] } : ndjsonRecords(text);
    }
    case 'csv':
      return csvRecords(text, dataset);
  }
}

/** One line per invalid line, at most `max`, then how many more there are. */
export function describeInvalidLines(invalid: readonly InvalidLine[], max = 20): string[] {
  const shown = invalid.slice(0, max).map(({ line, reason }) => `line ${line} is ${reason}`);
  return invalid.length > max ? [...shown, `and ${invalid.length - max} more`] : shown;
}

/** Like readRecords, but refuses a file with any invalid line, naming every one (up to 20). */
export function readRecordTexts(text: string, format: RecordFormat, dataset: DatasetDefinition): string[] {
  const { records, invalid } = readRecords(text, format, dataset);
  if (invalid.length > 0) throw new Error(describeInvalidLines(invalid).join('; '));
  return records;
}
