/**
 * Property-based test of the ingest handler: 100 batches of 100 generated SQS messages (10,000 per run) of every
 * kind of bad input, through the real `createIngestHandler` with an in-memory lake. Most records are generated with
 * their fate known (support/passenger-records.ts), and what the ingest wrote is read back independently
 * (support/lake-lines.ts): each valid record must be in raw/ with its exact values, each corrupted one in rejected/
 * naming the corrupted field. Seed fixed (FC_SEED to replay).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import type { RejectionReason } from '../../lambdas/core/record-validator';
import { snsNotificationBody } from '../../lambdas/core/sns-envelope';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { sqsRecordOf, TEST_TOPIC_ARN } from '../fixtures/sqs-events';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';
import { MemoryObjectStore } from '../support/memory-object-store';
import { type LakeLine, parseLineExactly, readLakeLines } from './support/lake-lines';
import {
  corruptedRecord,
  hugeNameRecord,
  type LabelledRecord,
  nonObjectRecord,
  RECEIVED_AT,
  validRecord,
} from './support/passenger-records';

const BATCHES = 100;
const MESSAGES_PER_BATCH = 100;
/** The clock of the ingest: every stored row carries it as its ingest time. */
const INGESTED_AT = new Date('2025-02-01T00:00:00.000Z');
const INGESTED_AT_LAKE = '2025-02-01 00:00:00.000';

/** Characters that break naive encoders: lone surrogates, NUL, line separators, quotes, backslashes, emoji. */
const hostileChar = fc.oneof(
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\u2028', '\u2029', '\n', '"', '\\', '\ufeff', '🛫'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const hostileString = fc.string({ unit: hostileChar, maxLength: 40 });

/** A message text and, when it is known, what must become of it: its records' fates, or one rejection of the whole message. */
interface MessageContent {
  readonly text: string;
  readonly expected?: readonly LabelledRecord[] | 'unreadable';
}

const labelledRecord = fc.oneof(
  { weight: 6, arbitrary: validRecord },
  { weight: 5, arbitrary: corruptedRecord },
  { weight: 1, arbitrary: nonObjectRecord },
);

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('1', '12345678901234567890', '"x"'))
  .map(([depth, open, leaf]) => `${open.repeat(depth)}${leaf}${(open === '[' ? ']' : '}').repeat(depth)}`);

/** Texts that are no JSON: a record cut short, or a field whose value is no JSON token (bad escapes, bad numbers, raw control characters). */
const notJson = fc.oneof(
  fc.tuple(validRecord, fc.nat()).map(([record, cut]) => record.text.slice(0, cut % record.text.length)),
  fc
    .tuple(
      validRecord,
      fc.constantFrom(
        '0x10',
        'NaN',
        '01',
        '1.',
        '.5',
        '+1',
        '-',
        'undefined',
        "'a'",
        '"\\x41"',
        '"\\u12"',
        '"\\"',
        '"\\uZZZZ"',
        '"a\tb"',
        '"a\u0000b"',
      ),
    )
    .map(([record, token]) => `${record.text.slice(0, -1)},"extra":${token}}`),
);

const messageContent: fc.Arbitrary<MessageContent> = fc.oneof(
  { weight: 8, arbitrary: labelledRecord.map((record) => ({ text: record.text, expected: [record] })) },
  { weight: 1, arbitrary: labelledRecord.map((record) => ({ text: `\ufeff${record.text}`, expected: [record] })) },
  {
    weight: 4,
    arbitrary: fc
      .array(labelledRecord, { maxLength: 30 })
      .map((records) => ({ text: `[${records.map((record) => record.text).join(',')}]`, expected: records })),
  },
  { weight: 1, arbitrary: hugeNameRecord.map((record) => ({ text: record.text, expected: [record] })) },
  { weight: 2, arbitrary: notJson.map((text) => ({ text, expected: 'unreadable' as const })) },
  { weight: 1, arbitrary: fc.constant({ text: '', expected: 'unreadable' as const }) },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => ({ text: JSON.stringify(value) ?? 'null' })) },
  { weight: 2, arbitrary: fc.string({ unit: hostileChar, maxLength: 60 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: deepNesting.map((text) => ({ text })) },
);

type BodyKind = 'envelope' | 'other-type' | 'no-message-id' | 'empty-message-id' | 'message-not-string' | 'not-json' | 'json-not-object';

/** How the SQS body wraps the message: a proper SNS envelope most of the time, otherwise broken in one way. */
const bodyKind = fc.oneof(
  { weight: 14, arbitrary: fc.constant<BodyKind>('envelope') },
  { weight: 1, arbitrary: fc.constantFrom<BodyKind>('other-type', 'no-message-id', 'empty-message-id', 'message-not-string') },
  { weight: 1, arbitrary: fc.constantFrom<BodyKind>('not-json', 'json-not-object') },
);

const generatedMessage = fc.record({
  content: messageContent,
  kind: bodyKind,
  junk: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })),
  /** Set on one message in twenty: SNS/SQS at-least-once delivery hands over an earlier body of the batch again. */
  redeliveryOf: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
});
type GeneratedMessage = typeof generatedMessage extends fc.Arbitrary<infer T> ? T : never;

function sqsBody(message: GeneratedMessage, snsMessageId: string): string {
  const envelope = JSON.parse(
    snsNotificationBody({ messageId: snsMessageId, topicArn: TEST_TOPIC_ARN, message: message.content.text, timestamp: RECEIVED_AT }),
  ) as Record<string, unknown>;
  switch (message.kind) {
    case 'envelope':
      return JSON.stringify(envelope);
    case 'other-type':
      return JSON.stringify({ ...envelope, Type: 'SubscriptionConfirmation' });
    case 'no-message-id':
      return JSON.stringify({ ...envelope, MessageId: undefined });
    case 'empty-message-id':
      return JSON.stringify({ ...envelope, MessageId: '' });
    case 'message-not-string':
      return JSON.stringify({ ...envelope, Message: message.junk });
    case 'not-json':
      return typeof message.junk === 'string' && message.junk !== '' ? `${message.junk}{` : message.content.text.slice(0, 10) || '{';
    case 'json-not-object':
      return JSON.stringify([message.junk]);
  }
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The oracle, written from the message contract rather than from the handler: a body that is not an SNS notification
 * envelope, or whose message is not JSON, is one rejected record; a JSON array is one record per element; anything else
 * one record. A message is identified by its SNS message id (the SQS one for a body that is no envelope) and counted once.
 */
function expectedMessage(record: SQSRecord): { id: string; records: number } {
  const unreadable = { id: record.messageId, records: 1 };
  let envelope: unknown;
  try {
    envelope = JSON.parse(withoutBom(record.body));
  } catch {
    return unreadable;
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return unreadable;
  const { Type, MessageId, Message } = envelope as Record<string, unknown>;
  if ((Type !== undefined && Type !== 'Notification') || typeof MessageId !== 'string' || MessageId === '' || typeof Message !== 'string')
    return unreadable;
  let message: unknown;
  try {
    message = JSON.parse(withoutBom(Message));
  } catch {
    return { id: MessageId, records: 1 };
  }
  return { id: MessageId, records: Array.isArray(message) ? message.length : 1 };
}

function expectedReceived(records: readonly SQSRecord[]): number {
  const counted = new Map<string, number>();
  for (const record of records) {
    const { id, records: count } = expectedMessage(record);
    if (!counted.has(id)) counted.set(id, count);
  }
  return [...counted.values()].reduce((sum, count) => sum + count, 0);
}

interface RejectedLineShape {
  readonly messageId?: unknown;
  readonly recordIndex?: unknown;
  readonly reasons?: unknown;
  readonly original?: unknown;
  readonly receivedAt?: unknown;
}

describe('ingest handler on a message nested deeper than the stack', () => {
  it('rejects the one record of an array nested 20,000 deep with its reason and its own original text instead of throwing', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const handler = createIngestHandler({ store, dataset: passengers, logger: new Logger({ logLevel: 'SILENT' }) });
    const text = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const body = snsNotificationBody({ messageId: 'deep-1', topicArn: TEST_TOPIC_ARN, message: text });

    // Act
    const response = await handler({ Records: [sqsRecordOf({ body, messageId: 'sqs-deep-1' })] });

    // Assert
    const rejected = store.lines('rejected/').map((line) => JSON.parse(line) as RejectedLineShape);
    expect(response.batchItemFailures).toEqual([]);
    expect(rejected).toHaveLength(1);
    // The message is an array of one record, itself an array nested 19,999 deep: quoted alone, as any record is.
    expect(rejected[0]?.original).toBe(text.slice(1, -1));
    expect(rejected[0]?.reasons).toEqual([{ path: '$', message: expect.stringContaining('expected an object') }]);
  });
});

describe('ingest handler on a record that is a number kept exact', () => {
  // A number token with an exponent or 16+ digits is parsed as an ExactNumber, an object in JavaScript: the validator
  // must still see a number, not a record with every required field missing.
  it('rejects a record that is a number with an exponent or 16 digits naming `$`, as it does any other number', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const handler = createIngestHandler({ store, dataset: passengers, logger: new Logger({ logLevel: 'SILENT' }) });
    const body = snsNotificationBody({ messageId: 'exact-1', topicArn: TEST_TOPIC_ARN, message: '[5, 5e-324, 12345678901234567]' });

    // Act
    await handler({ Records: [sqsRecordOf({ body, messageId: 'sqs-exact-1' })] });

    // Assert
    const rejected = store.lines('rejected/').map((line) => JSON.parse(line) as RejectedLineShape);
    expect(rejected.map((line) => line.reasons)).toEqual([
      [{ path: '$', message: 'expected an object, received number 5' }],
      [{ path: '$', message: 'expected an object, received number 5e-324' }],
      [{ path: '$', message: 'expected an object, received number 12345678901234567' }],
    ]);
  });
});

/** Up to 160 characters of a record's text, for failure messages. */
const shown = (text: string) => JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** Lines by `<message id>#<record index>`; a record stored or rejected twice fails the property. */
function byRecord(lines: readonly LakeLine[], idOf: (value: Record<string, unknown>) => string, where: string): Map<string, LakeLine> {
  const index = new Map<string, LakeLine>();
  for (const line of lines) {
    const id = idOf(line.value);
    if (index.has(id)) throw new Error(`record ${id} appears twice in ${where}`);
    index.set(id, line);
  }
  return index;
}

const reasonPaths = (line: LakeLine | undefined) =>
  (line?.value.reasons as readonly RejectionReason[] | undefined)?.map((reason) => reason.path);

/** Tallies of what the run checked record by record, to prove it covered every kind of record. */
interface Coverage {
  valid: number;
  validWithSeat: number;
  unreadable: number;
  rejectedByPath: Map<string, number>;
}

/** Checks the fate of each record of one message whose content was generated with it known. */
function expectFates(
  messageId: string,
  content: MessageContent,
  rows: Map<string, LakeLine>,
  rejected: Map<string, LakeLine>,
  coverage: Coverage,
) {
  if (content.expected === 'unreadable') {
    const id = `${messageId}#null`;
    expect(reasonPaths(rejected.get(id)), `rejection paths of the unreadable message ${id} ${shown(content.text)}`).toEqual(['$']);
    expect(rows.has(`${messageId}#0`), `a row stored from the unreadable message ${id}`).toBe(false);
    coverage.unreadable++;
    return;
  }
  for (const [index, record] of (content.expected ?? []).entries()) {
    const id = `${messageId}#${index}`;
    if (record.valid) {
      expect(rejected.get(id)?.value.reasons, `valid record ${id} ${shown(record.text)} was rejected`).toBeUndefined();
      const row = rows.get(id)?.value;
      const expected: Record<string, unknown> = {
        ...record.stored,
        lakeline_message_id: messageId,
        lakeline_record_index: BigInt(index),
        lakeline_ingested_at: INGESTED_AT_LAKE,
      };
      expect(row && Object.keys(row), `columns stored for valid record ${id} ${shown(record.text)}`).toEqual(Object.keys(expected));
      for (const [column, value] of Object.entries(expected))
        expect(row?.[column], `${column} stored for valid record ${id} ${shown(record.text)}`).toBe(value);
      expect(rows.get(id)?.dt, `partition of valid record ${id} ${shown(record.text)}`).toBe(record.dt);
      coverage.valid++;
      if (record.stored.seat_number !== null) coverage.validWithSeat++;
    } else {
      expect(rows.get(id)?.value, `record ${id} with ${record.corruption} was stored`).toBeUndefined();
      expect(reasonPaths(rejected.get(id)), `rejection paths of record ${id} with ${record.corruption}`).toEqual([record.path]);
      expect(rejected.get(id)?.value.original, `original text of rejected record ${id}`).toBe(record.text);
      coverage.rejectedByPath.set(record.path, (coverage.rejectedByPath.get(record.path) ?? 0) + 1);
    }
  }
}

describe('ingest handler under generated input', () => {
  it(`stores each valid record with its exact values, rejects each corrupted one naming its field, and accounts for every record over ${BATCHES} batches of ${MESSAGES_PER_BATCH} messages (seed ${PROPERTY_SEED})`, async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const handler = createIngestHandler({
      store,
      dataset: passengers,
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => INGESTED_AT,
    });
    let batchNumber = 0;
    let messagesSent = 0;
    let rawLinesSeen = 0;
    let rejectedLinesSeen = 0;
    const coverage: Coverage = { valid: 0, validWithSeat: 0, unreadable: 0, rejectedByPath: new Map() };
    const property = fc.asyncProperty(
      fc.array(generatedMessage, { minLength: MESSAGES_PER_BATCH, maxLength: MESSAGES_PER_BATCH }),
      async (messages) => {
        batchNumber++;
        store.clear();
        const bodies: string[] = [];
        /** Messages sent for the first time in a proper envelope, whose records' fates are known. */
        const known: { messageId: string; content: MessageContent }[] = [];
        for (const [index, message] of messages.entries()) {
          const earlier = message.redeliveryOf === undefined || index === 0 ? undefined : bodies[message.redeliveryOf % index];
          const messageId = `sns-${batchNumber}-${index}`;
          bodies.push(earlier ?? sqsBody(message, messageId));
          if (earlier === undefined && message.kind === 'envelope' && message.content.expected !== undefined)
            known.push({ messageId, content: message.content });
        }
        const records = bodies.map((body, index) => sqsRecordOf({ body, messageId: `sqs-${batchNumber}-${index}` }));
        const event: SQSEvent = { Records: records };
        const batchMessageIds = new Set(records.flatMap((record, index) => [record.messageId, `sns-${batchNumber}-${index}`]));
        const received = expectedReceived(records);

        // Act
        const response = await handler(event);

        // Assert
        const rawLines = readLakeLines(store.objects, 'raw/', parseLineExactly);
        const rejectedLines = readLakeLines(store.objects, 'rejected/');
        expect(response.batchItemFailures).toEqual([]);
        expect(rawLines.length + rejectedLines.length).toBe(received);
        const rows = byRecord(rawLines, (row) => `${row.lakeline_message_id}#${row.lakeline_record_index}`, 'raw/');
        const rejected = byRecord(rejectedLines, (line) => `${line.messageId}#${line.recordIndex}`, 'rejected/');
        for (const { value: row } of rawLines) expect(batchMessageIds.has(String(row.lakeline_message_id))).toBe(true);
        for (const { value } of rejectedLines) {
          const line = value as RejectedLineShape;
          expect(batchMessageIds.has(String(line.messageId))).toBe(true);
          expect(typeof line.original).toBe('string');
          expect(Array.isArray(line.reasons) && line.reasons.length).toBeGreaterThanOrEqual(1);
          for (const reason of line.reasons as { path?: unknown; message?: unknown }[]) {
            expect(typeof reason.path).toBe('string');
            expect(typeof reason.message === 'string' && reason.message.length > 0).toBe(true);
          }
        }
        for (const { messageId, content } of known) expectFates(messageId, content, rows, rejected, coverage);
        messagesSent += messages.length;
        rawLinesSeen += rawLines.length;
        rejectedLinesSeen += rejectedLines.length;
      },
    );

    // Act + Assert (per batch, inside the property)
    await checkProperty(property, BATCHES);

    // Assert: the run really covered 10,000 messages, with every fate checked record by record many times
    expect(messagesSent).toBe(BATCHES * MESSAGES_PER_BATCH);
    expect(rawLinesSeen).toBeGreaterThan(1000);
    expect(rejectedLinesSeen).toBeGreaterThan(1000);
    expect(coverage.valid).toBeGreaterThan(1000);
    expect(coverage.validWithSeat).toBeGreaterThan(500);
    expect(coverage.unreadable).toBeGreaterThan(100);
    for (const path of ['$', 'passenger_id', 'flight_id', 'name', 'seat_number', 'boarded_at'])
      expect(coverage.rejectedByPath.get(path) ?? 0, `records rejected for ${path}`).toBeGreaterThan(100);
  });
});
