/**
 * The dataset definition model: the single source from which the validator,
 * the Glue table, the DuckDB column types and the API are derived.
 */
import { type MeasureFunction, measureProblems } from './measures';

export const COLUMN_TYPES = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Inclusive value ranges of the integer column types (Hive/Athena `int` and `bigint`). */
export const INTEGER_RANGES = {
  int: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  bigint: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

/** Columns added by the ingest to every stored row; a dataset may not use this prefix. */
export const LINEAGE_PREFIX = 'lakeline_';

/** The Hive-style partition key of every table: the UTC date of the partition column. */
export const PARTITION_KEY = 'dt';

/** Default of `partitionFutureDays`: a record may be dated at most one day after its message was received. */
export const PARTITION_FUTURE_TOLERANCE_DAYS = 1;

/** Largest `partitionFutureDays` a definition may ask for. */
const MAX_PARTITION_FUTURE_DAYS = 366;

export interface ColumnDefinition {
  /** Column name: lower snake case, used verbatim as the JSON field and the table column. */
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
  /** A record without this field (or with null) is rejected. */
  readonly required: boolean;
  /** The API accepts `<name>=<value>` as an equality filter on this column. */
  readonly filterable: boolean;
  /** The aggregate route accepts this column in `groupBy`. */
  readonly groupable: boolean;
  /** The measures the aggregate route computes over this column (`count` of rows needs none). */
  readonly measures: readonly MeasureFunction[];
}

export interface DatasetDefinition {
  /** Dataset name: lower snake case; names the topic, queue, function, table and lake prefix. */
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDefinition[];
  /** The timestamp (or date) column whose UTC date is the partition `dt`. */
  readonly partitionColumn: string;
  /** First partition date (YYYY-MM-DD) of the Glue partition projection range; earlier records are rejected. */
  readonly partitionStart: string;
  /**
   * How many days after its message was received a record's partition column may lie; later records are rejected.
   * The Glue projection reaches as far past NOW, so every accepted record's dt is projected (core/partition-bounds.ts).
   */
  readonly partitionFutureDays: number;
}

export interface ColumnInput {
  readonly type: ColumnType;
  readonly description: string;
  readonly required?: boolean;
  readonly filterable?: boolean;
  /** @default false */
  readonly groupable?: boolean;
  /** sum/avg on numbers, min/max on ordered types (not boolean), count_distinct on any. @default [] */
  readonly measures?: readonly MeasureFunction[];
}

export interface DatasetInput {
  readonly name: string;
  readonly description: string;
  /** Columns in table order, keyed by name. */
  readonly columns: Readonly<Record<string, ColumnInput>>;
  readonly partitionColumn: string;
  readonly partitionStart?: string;
  /** @default PARTITION_FUTURE_TOLERANCE_DAYS (1) */
  readonly partitionFutureDays?: number;
}

export const LINEAGE_MESSAGE_ID = `${LINEAGE_PREFIX}message_id`;
export const LINEAGE_RECORD_INDEX = `${LINEAGE_PREFIX}record_index`;
export const LINEAGE_INGESTED_AT = `${LINEAGE_PREFIX}ingested_at`;

export const LINEAGE_COLUMNS: readonly ColumnDefinition[] = [
  {
    name: LINEAGE_MESSAGE_ID,
    type: 'string',
    description: 'SNS message id that carried the record.',
    required: true,
    filterable: false,
    groupable: false,
    measures: [],
  },
  {
    name: LINEAGE_RECORD_INDEX,
    type: 'int',
    description: 'Zero-based index of the record inside its SNS message.',
    required: true,
    filterable: false,
    groupable: false,
    measures: [],
  },
  {
    name: LINEAGE_INGESTED_AT,
    type: 'timestamp',
    description: 'UTC time at which the ingest function stored the record.',
    required: true,
    filterable: false,
    groupable: false,
    measures: [],
  },
];

/** Dataset and column names: lower snake case, at most 63 characters. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Builds a checked dataset definition; throws on any inconsistency so a bad definition fails at synth and test time. */
export function defineDataset(input: DatasetInput): DatasetDefinition {
  const problems: string[] = [];
  if (!IDENTIFIER.test(input.name)) problems.push(`dataset name "${input.name}" must match ${IDENTIFIER}`);
  if (input.name.startsWith(LINEAGE_PREFIX))
    problems.push(`dataset name "${input.name}" uses the reserved prefix "${LINEAGE_PREFIX}" of Lakeline's own tables`);
  const columns: ColumnDefinition[] = Object.entries(input.columns).map(([name, column]) => ({
    name,
    type: column.type,
    description: column.description,
    required: column.required ?? false,
    filterable: column.filterable ?? false,
    groupable: column.groupable ?? false,
    measures: [...(column.measures ?? [])],
  }));
  if (columns.length === 0) problems.push('a dataset needs at least one column');
  for (const column of columns) {
    if (!IDENTIFIER.test(column.name)) problems.push(`column name "${column.name}" must match ${IDENTIFIER}`);
    if (column.name.startsWith(LINEAGE_PREFIX)) problems.push(`column "${column.name}" uses the reserved prefix "${LINEAGE_PREFIX}"`);
    if (column.name === PARTITION_KEY) problems.push(`column name "${PARTITION_KEY}" is reserved for the partition key`);
    if (!COLUMN_TYPES.includes(column.type)) problems.push(`column "${column.name}" has unknown type "${column.type}"`);
  }
  problems.push(...measureProblems(columns));
  const partition = columns.find((column) => column.name === input.partitionColumn);
  if (!partition) problems.push(`partition column "${input.partitionColumn}" is not a column`);
  else {
    if (partition.type !== 'timestamp' && partition.type !== 'date')
      problems.push(`partition column "${partition.name}" must be a timestamp or date`);
    if (!partition.required) problems.push(`partition column "${partition.name}" must be required`);
  }
  const partitionStart = input.partitionStart ?? '2024-01-01';
  if (!ISO_DATE.test(partitionStart)) problems.push(`partitionStart "${partitionStart}" must be YYYY-MM-DD`);
  const partitionFutureDays = input.partitionFutureDays ?? PARTITION_FUTURE_TOLERANCE_DAYS;
  if (!Number.isInteger(partitionFutureDays) || partitionFutureDays < 0 || partitionFutureDays > MAX_PARTITION_FUTURE_DAYS)
    problems.push(`partitionFutureDays ${partitionFutureDays} must be a whole number of days from 0 to ${MAX_PARTITION_FUTURE_DAYS}`);
  if (problems.length > 0) throw new Error(`Invalid dataset definition "${input.name}": ${problems.join('; ')}`);
  return {
    name: input.name,
    description: input.description,
    columns,
    partitionColumn: input.partitionColumn,
    partitionStart,
    partitionFutureDays,
  };
}

/** Every column of a stored row, in table order: the dataset's own, then the lineage columns. */
export function storedColumns(dataset: DatasetDefinition): readonly ColumnDefinition[] {
  return [...dataset.columns, ...LINEAGE_COLUMNS];
}

export function findColumn(dataset: DatasetDefinition, name: string): ColumnDefinition | undefined {
  return storedColumns(dataset).find((column) => column.name === name);
}

/** The type of the partition column: a date or a timestamp, as `defineDataset` requires of a column it has. */
export function partitionColumnType(dataset: DatasetDefinition): ColumnType {
  return (findColumn(dataset, dataset.partitionColumn) as ColumnDefinition).type;
}

/** The table of a dataset's compacted days (Parquet under `curated/<dataset>/`); the reserved prefix keeps it apart from dataset tables. */
export function curatedTableName(dataset: DatasetDefinition): string {
  return `${LINEAGE_PREFIX}curated_${dataset.name}`;
}

/** The table over a dataset's rejected records (`rejected/<dataset>/`). */
export function rejectedTableName(dataset: DatasetDefinition): string {
  return `${LINEAGE_PREFIX}rejected_${dataset.name}`;
}
