import { describeJsonValue, type LakeValue, toLakeValue } from './column-value';
import type { DatasetDefinition } from './dataset';
import { ExactNumber } from './exact-json';

export interface RejectionReason {
  /** The field name, or `$` for the record as a whole. */
  readonly path: string;
  readonly message: string;
}

export type ValidatedRecord =
  | {
      readonly ok: true;
      /** The dataset's columns (absent optional ones as null), as lake values. */
      readonly values: Readonly<Record<string, LakeValue>>;
      /** UTC date `YYYY-MM-DD` of the partition column: the `dt` of the object the row goes to. */
      readonly partitionDate: string;
      /** Fields the dataset does not define; they are dropped, not stored. */
      readonly droppedFields: readonly string[];
    }
  | { readonly ok: false; readonly reasons: readonly RejectionReason[] };

export type RecordValidator = (record: unknown) => ValidatedRecord;

export const RECORD_PATH = '$';

/**
 * Builds the validator of one dataset: one exact-type check per column (`toLakeValue`), every bad field reported
 * with its path. Plain compiled checks rather than a zod schema: zod's per-record `safeParse` cost 2–3× this
 * whole function, which is the ingest's hot path (see bench/ingest.bench.ts).
 */
export function createRecordValidator(dataset: DatasetDefinition): RecordValidator {
  const columns = dataset.columns.map((column) => ({ name: column.name, type: column.type, required: column.required }));
  const known = new Set(columns.map((column) => column.name));
  const partitionColumn = dataset.partitionColumn;

  return (record) => {
    // A number kept exact by the ingest's parser is an object in JavaScript but a number in JSON.
    if (typeof record !== 'object' || record === null || Array.isArray(record) || record instanceof ExactNumber) {
      return { ok: false, reasons: [{ path: RECORD_PATH, message: `expected an object, received ${describeJsonValue(record)}` }] };
    }
    const fields = record as Record<string, unknown>;
    const values: Record<string, LakeValue> = {};
    const reasons: RejectionReason[] = [];
    for (const column of columns) {
      const value = Object.hasOwn(fields, column.name) ? fields[column.name] : undefined;
      if (value === undefined || value === null) {
        if (column.required) reasons.push({ path: column.name, message: `required field is ${value === null ? 'null' : 'missing'}` });
        values[column.name] = null;
        continue;
      }
      const converted = toLakeValue(column.type, value);
      if (converted.ok) values[column.name] = converted.value;
      else reasons.push({ path: column.name, message: converted.message });
    }
    if (reasons.length > 0) return { ok: false, reasons };
    const droppedFields: string[] = [];
    for (const field in fields) if (!known.has(field) && Object.hasOwn(fields, field)) droppedFields.push(field);
    return { ok: true, values, partitionDate: String(values[partitionColumn]).slice(0, 10), droppedFields };
  };
}
