/** A small passengers lake written by the real ingest handler into a temporary directory, and the API event helper. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { passengers } from '../../../datasets/passengers';
import { FilesystemObjectStore } from '../../../lambdas/adapters/filesystem-object-store';
import { createIngestHandler } from '../../../lambdas/ingest/handler';
import { snsEnvelope, sqsEventOf, sqsEventOfMessages } from '../../fixtures/sqs-events';

export const INGESTED_AT = new Date('2025-01-31T12:00:00.000Z');
/** 2^53 + 1: not representable as a JSON number in JavaScript. */
export const BIG_PASSENGER_ID = '9007199254740993';

/**
 * The published messages (SNS message ids `sns-<index>`). Message 3 carries its bigint as raw digits,
 * which is why messages are given as text.
 */
export const PASSENGER_MESSAGES: readonly string[] = [
  '{"passenger_id": 1, "flight_id": 100, "name": "Ada O\'Brien", "seat_number": "1A", "boarded_at": "2025-01-10T08:00:00.123Z"}',
  '{"passenger_id": 2, "flight_id": 100, "name": "Zoë \\"Z\\" Ångström", "seat_number": null, "boarded_at": "2025-01-10T09:30:00+01:00"}',
  '[{"passenger_id": 3, "flight_id": 200, "name": "Bob; DROP TABLE x --", "seat_number": "2B", "boarded_at": "2025-01-11T23:59:59.999Z"},' +
    ' {"passenger_id": 4, "flight_id": 200, "name": "Back\\\\slash", "seat_number": "2C", "boarded_at": "2025-01-12T00:00:00Z"}]',
  `{"passenger_id": ${BIG_PASSENGER_ID}, "flight_id": 300, "name": "Big Id", "seat_number": null, "boarded_at": "2025-01-12T06:00:00.5Z"}`,
];

/** What Athena would answer for `SELECT * ... ORDER BY passenger_id` over that lake, as GetQueryResults strings. */
export const ATHENA_ROWS: readonly (readonly (string | null)[])[] = [
  ['1', '100', "Ada O'Brien", '1A', '2025-01-10 08:00:00.123', 'sns-0', '0', '2025-01-31 12:00:00.000'],
  ['2', '100', 'Zoë "Z" Ångström', null, '2025-01-10 08:30:00.000', 'sns-1', '0', '2025-01-31 12:00:00.000'],
  ['3', '200', 'Bob; DROP TABLE x --', '2B', '2025-01-11 23:59:59.999', 'sns-2', '0', '2025-01-31 12:00:00.000'],
  ['4', '200', 'Back\\slash', '2C', '2025-01-12 00:00:00.000', 'sns-2', '1', '2025-01-31 12:00:00.000'],
  [BIG_PASSENGER_ID, '300', 'Big Id', null, '2025-01-12 06:00:00.500', 'sns-3', '0', '2025-01-31 12:00:00.000'],
];

export const ATHENA_COLUMN_TYPES: readonly (readonly [string, string])[] = [
  ['passenger_id', 'bigint'],
  ['flight_id', 'bigint'],
  ['name', 'varchar'],
  ['seat_number', 'varchar'],
  ['boarded_at', 'timestamp'],
  ['lakeline_message_id', 'varchar'],
  ['lakeline_record_index', 'integer'],
  ['lakeline_ingested_at', 'timestamp'],
];

export interface PassengerLake {
  readonly lakeDir: string;
  remove(): Promise<void>;
}

/** Publishes `messages` through the real ingest handler into the lake directory `lakeDir`. */
export async function ingestInto(lakeDir: string, messages: readonly string[]): Promise<void> {
  const ingest = createIngestHandler({
    store: new FilesystemObjectStore(lakeDir),
    dataset: passengers,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => INGESTED_AT,
  });
  const response = await ingest(sqsEventOfMessages(messages));
  if (response.batchItemFailures.length > 0) throw new Error('the ingest handler could not write the test lake');
}

/** One SNS message of a delivered batch: its SNS message id (the lineage key) and its text. */
export interface DeliveredMessage {
  readonly snsMessageId: string;
  readonly message: string;
}

/**
 * Runs the real ingest handler on one SQS batch of `delivered` messages at `ingestedAt`. Delivering a message again in
 * another batch (SQS at-least-once, or a retry regrouped after a partial failure) stores its records again under
 * another object id, because the id derives from the SNS message ids of the whole object.
 */
export async function ingestBatchInto(lakeDir: string, delivered: readonly DeliveredMessage[], ingestedAt: Date): Promise<void> {
  const ingest = createIngestHandler({
    store: new FilesystemObjectStore(lakeDir),
    dataset: passengers,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => ingestedAt,
  });
  const event = sqsEventOf(
    delivered.map(({ snsMessageId, message }, index) => ({
      body: snsEnvelope(message, { messageId: snsMessageId }),
      messageId: `sqs-${index}`,
    })),
  );
  const response = await ingest(event);
  if (response.batchItemFailures.length > 0) throw new Error('the ingest handler could not write the test lake');
}

export async function writePassengerLake(messages: readonly string[] = PASSENGER_MESSAGES): Promise<PassengerLake> {
  const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-query-'));
  if (messages.length > 0) await ingestInto(lakeDir, messages);
  return { lakeDir, remove: () => rm(lakeDir, { recursive: true, force: true }) };
}

export { apiEvent } from '../../fixtures/api-gateway-events';
