/**
 * The table over a dataset's rejected lines (`rejected/<dataset>/dt=<receive date>/`, one line per
 * core/rejected-line.ts): the same columns on Glue and DuckDB. Column names are the lines' camelCase keys in lower
 * case, as Glue stores column names; the Hive JSON SerDe matches a JSON key to a column whatever its case.
 */
import type { RejectedLine } from './rejected-line';

export interface RejectedColumn {
  /** The table column. */
  readonly name: string;
  /** The key of the JSON line it reads. */
  readonly key: keyof RejectedLine;
  /** Its Hive (Glue) type. */
  readonly hiveType: string;
  readonly description: string;
}

export const REJECTED_COLUMNS: readonly RejectedColumn[] = [
  {
    name: 'messageid',
    key: 'messageId',
    hiveType: 'string',
    description: 'SNS message id (SQS message id when the body was no SNS envelope).',
  },
  {
    name: 'recordindex',
    key: 'recordIndex',
    hiveType: 'int',
    description: 'Index of the record inside its message; null when the whole message could not be read.',
  },
  {
    name: 'reasons',
    key: 'reasons',
    hiveType: 'array<struct<path:string,message:string>>',
    description: 'Why the record was refused: the JSON path of each problem and its message.',
  },
  { name: 'original', key: 'original', hiveType: 'string', description: 'The original text of the record (or of the whole message).' },
  { name: 'receivedat', key: 'receivedAt', hiveType: 'string', description: 'When the message was received, ISO-8601 UTC.' },
];

/** The columns of the table by role, for the SQL that reads it. */
export const REJECTED = {
  messageId: 'messageid',
  recordIndex: 'recordindex',
  reasons: 'reasons',
  original: 'original',
  receivedAt: 'receivedat',
} as const satisfies Record<keyof RejectedLine, string>;
