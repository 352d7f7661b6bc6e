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

function ndjsonRecords(text: string): string[] {
  const records: string[] = [];
  text.split('\n').forEach((line, index) => {
    const record = line.trim();
    if (record === '') return;
    try {
      JSON.parse(record);
    } catch {
      throw new Error(`line ${index + 1} is not valid JSON`);
    }
    records.push(record);
  });
  return records;
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

function csvRecords(text: string, dataset: DatasetDefinition): string[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(row)) {
      const column = dataset.columns.find((candidate) => candidate.name === name);
      record[name] = column ? typedCell(column, cell) : cell === '' ? undefined : cell;
    }
    return toJsonText(record);
  });
}

/** Reads the records of a file as JSON texts, one per record, keeping big integers exact. */
export function readRecordTexts(text: string, format: RecordFormat, dataset: DatasetDefinition): string[] {
  switch (format) {
    case 'ndjson':
      return ndjsonRecords(text);
    case 'json': {
      const trimmed = text.trim();
      // The ingest's own splitter: it keeps every number as written and reads arrays nested at any depth.
      return trimmed.startsWith('[') ? jsonArrayElementTexts(trimmed) : ndjsonRecords(text);
    }
    case 'csv':
      return csvRecords(text, dataset);
  }
}
