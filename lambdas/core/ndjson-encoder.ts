import { gzipSync } from 'node:zlib';
import type { LakeValue } from './column-value';
import { type DatasetDefinition, LINEAGE_INGESTED_AT, LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX } from './dataset';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';
export const GZIP_CONTENT_ENCODING = 'gzip';

/** The values of a dataset's own columns (absent optional ones null). */
export type DatasetValues = Readonly<Record<string, LakeValue>>;

/** Encodes one stored row as a JSON line: the dataset's columns then the lineage columns, i.e. `storedColumns` order. */
export type RowEncoder = (values: DatasetValues, messageId: string, recordIndex: number, ingestedAt: string) => string;

/** Builds the row encoder of a dataset; big integers are written as exact digits, timestamps as given (lake format). */
export function createRowEncoder(dataset: DatasetDefinition): RowEncoder {
  const keyOf = (name: string, index: number) => `${index === 0 ? '{' : ','}${JSON.stringify(name)}:`;
  const fields = dataset.columns.map((column, index) => ({ name: column.name, prefix: keyOf(column.name, index) }));
  // The lineage fields always follow the dataset's own columns (a definition has at least one).
  const lineageKey = (name: string) => `,${JSON.stringify(name)}:`;
  const messageIdKey = lineageKey(LINEAGE_MESSAGE_ID);
  const recordIndexKey = lineageKey(LINEAGE_RECORD_INDEX);
  const ingestedAtKey = lineageKey(LINEAGE_INGESTED_AT);
  return (values, messageId, recordIndex, ingestedAt) => {
    let line = '';
    for (const field of fields) line += field.prefix + encodeLakeValue(values[field.name] ?? null);
    return `${line}${messageIdKey}${JSON.stringify(messageId)}${recordIndexKey}${recordIndex}${ingestedAtKey}${JSON.stringify(ingestedAt)}}`;
  };
}

/** One lake value as JSON text. A bigint is written as its bare digits, which JSON allows and JS numbers could not hold. */
export function encodeLakeValue(value: LakeValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`Cannot store the non-finite number ${value}`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return 'null';
  }
}

/** Lines as a gzip NDJSON body (every line ends with a newline). */
export function gzipNdjson(lines: readonly string[]): Uint8Array {
  return gzipSync(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}
