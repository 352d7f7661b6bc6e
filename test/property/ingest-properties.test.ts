/**
 * Property-based test of the ingest handler: 100 batches of 100 generated SQS messages (10,000 per run) of every
 * kind of bad input, through the real `createIngestHandler` with an in-memory lake. Seed fixed (FC_SEED to replay).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { snsNotificationBody } from '../../lambdas/core/sns-envelope';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { sqsRecordOf, TEST_TOPIC_ARN } from '../fixtures/sqs-events';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';
import { MemoryObjectStore } from '../support/memory-object-store';

const BATCHES = 100;
const MESSAGES_PER_BATCH = 100;

/** Characters that break naive encoders: lone surrogates, NUL, line separators, quotes, backslashes, emoji. */
const hostileChar = fc.oneof(
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\u2028', '\u2029', '\n', '"', '\\', '\ufeff', '🛫'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const hostileString = fc.string({ unit: hostileChar, maxLength: 40 });

/** When SNS received every generated message; valid records are dated from the dataset's partitionStart to a day after it. */
const RECEIVED_AT = new Date('2025-01-31T12:00:00.000Z');

const instant = fc
  .date({ min: new Date(`${passengers.partitionStart}T00:00:00.000Z`), max: new Date('2025-02-01T12:00:00.000Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Instants outside the partitions the table projects: before partitionStart, or more than a day after the receive time. */
const outOfRangeInstant = fc
  .oneof(
    fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2023-12-31T23:59:59.999Z'), noInvalidDate: true }),
    fc.date({ min: new Date('2025-02-01T12:00:00.001Z'), max: new Date('2100-12-31T23:59:59.999Z'), noInvalidDate: true }),
  )
  .map((date) => date.toISOString());

const validRecord = fc.record(
  {
    passenger_id: fc.oneof(fc.integer({ min: 0 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    flight_id: fc.integer({ min: 1, max: 1_000_000 }),
    name: hostileString,
    seat_number: fc.option(fc.stringMatching(/^\d{1,2}[A-K]$/), { nil: undefined }),
    boarded_at: instant,
  },
  { requiredKeys: ['passenger_id', 'flight_id', 'name', 'boarded_at'] },
);

/** A value of any JSON type, including ones no column accepts. */
const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(1.5, -0, 1e308, '12', 'not a date', '2025-02-30T00:00:00Z', true, null, [], {}),
);

const outOfRangeRecord = fc.tuple(validRecord, outOfRangeInstant).map(([record, boardedAt]) => ({ ...record, boarded_at: boardedAt }));

const wrongTypeRecord = fc
  .tuple(validRecord, fc.constantFrom('passenger_id', 'flight_id', 'name', 'seat_number', 'boarded_at', 'extra'), wrongValue)
  .map(([record, field, value]) => ({ ...record, [field]: value }));

/** Serialises a record; bigints become their exact digits in the JSON text, as a publisher of big ids would write them. */
function recordJson(record: unknown): string {
  return JSON.stringify(record, (_key, value) => (typeof value === 'bigint' ? `__big${value}__` : value)).replace(
    /"__big(-?\d+)__"/g,
    '$1',
  );
}

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('1', '12345678901234567890', '"x"'))
  .map(([depth, open, leaf]) => `${open.repeat(depth)}${leaf}${(open === '[' ? ']' : '}').repeat(depth)}`);

const hugeString = fc
  .tuple(validRecord, fc.integer({ min: 50_000, max: 300_000 }), fc.constantFrom('x', 'é', '\\u0000', '"'))
  .map(([record, length, unit]) => recordJson({ ...record, name: unit.repeat(Math.ceil(length / unit.length)) }));

/** JSON texts with escapes that decode to lone surrogates, or escapes that are not JSON at all. */
const escapeText = fc
  .tuple(validRecord, fc.constantFrom('\\ud800', '\\udfff', '\\ud83d\\u0041', '\\x41', '\\u12', '\\', '\\uZZZZ', '\\ud800\\ud800'))
  .map(([record, escapeSequence]) => recordJson({ ...record, name: 'ESCAPE' }).replace('"ESCAPE"', `"${escapeSequence}"`));

const numberEdge = fc
  .tuple(validRecord, fc.constantFrom('99999999999999999999999999', '1e400', '-0', '1.5', '9223372036854775808', '0x10', 'NaN', '01'))
  .map(([record, number]) => recordJson({ ...record, passenger_id: 0 }).replace('"passenger_id":0', `"passenger_id":${number}`));

const mixedArray = fc
  .array(fc.oneof(validRecord, wrongTypeRecord, fc.jsonValue({ maxDepth: 2 })), { maxLength: 30 })
  .map((records) => `[${records.map(recordJson).join(',')}]`);

/** The text an SNS publisher sent. */
const messageText = fc.oneof(
  { weight: 6, arbitrary: validRecord.map(recordJson) },
  { weight: 4, arbitrary: wrongTypeRecord.map(recordJson) },
  { weight: 1, arbitrary: outOfRangeRecord.map(recordJson) },
  { weight: 4, arbitrary: mixedArray },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ unit: hostileChar, maxLength: 60 }) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: escapeText },
  { weight: 2, arbitrary: numberEdge },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: validRecord.map((record) => `\ufeff${recordJson(record)}`) },
);

type BodyKind = 'envelope' | 'other-type' | 'no-message-id' | 'empty-message-id' | 'message-not-string' | 'not-json' | 'json-not-object';

/** How the SQS body wraps the message: a proper SNS envelope most of the time, otherwise broken in one way. */
const bodyKind = fc.oneof(
  { weight: 14, arbitrary: fc.constant<BodyKind>('envelope') },
  { weight: 1, arbitrary: fc.constantFrom<BodyKind>('other-type', 'no-message-id', 'empty-message-id', 'message-not-string') },
  { weight: 1, arbitrary: fc.constantFrom<BodyKind>('not-json', 'json-not-object') },
);

const generatedMessage = fc.record({
  text: messageText,
  kind: bodyKind,
  junk: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })),
  /** Set on one message in twenty: SNS/SQS at-least-once delivery hands over an earlier body of the batch again. */
  redeliveryOf: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
});
type GeneratedMessage = typeof generatedMessage extends fc.Arbitrary<infer T> ? T : never;

function sqsBody(message: GeneratedMessage, snsMessageId: string): string {
  const envelope = JSON.parse(
    snsNotificationBody({ messageId: snsMessageId, topicArn: TEST_TOPIC_ARN, message: message.text, timestamp: RECEIVED_AT }),
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
      return typeof message.junk === 'string' && message.junk !== '' ? `${message.junk}{` : message.text.slice(0, 10) || '{';
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

describe('ingest handler under generated input', () => {
  it(`never throws and accounts for every record: stored + rejected = received over ${BATCHES} batches of ${MESSAGES_PER_BATCH} messages (seed ${PROPERTY_SEED})`, async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const handler = createIngestHandler({
      store,
      dataset: passengers,
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => new Date('2025-02-01T00:00:00.000Z'),
    });
    let batchNumber = 0;
    let messagesSent = 0;
    let rawLinesSeen = 0;
    let rejectedLinesSeen = 0;
    const property = fc.asyncProperty(
      fc.array(generatedMessage, { minLength: MESSAGES_PER_BATCH, maxLength: MESSAGES_PER_BATCH }),
      async (messages) => {
        batchNumber++;
        store.clear();
        const bodies: string[] = [];
        for (const [index, message] of messages.entries()) {
          const earlier = message.redeliveryOf === undefined || index === 0 ? undefined : bodies[message.redeliveryOf % index];
          bodies.push(earlier ?? sqsBody(message, `sns-${batchNumber}-${index}`));
        }
        const records = bodies.map((body, index) => sqsRecordOf({ body, messageId: `sqs-${batchNumber}-${index}` }));
        const event: SQSEvent = { Records: records };
        const batchMessageIds = new Set(records.flatMap((record, index) => [record.messageId, `sns-${batchNumber}-${index}`]));
        const received = expectedReceived(records);

        // Act
        const response = await handler(event);

        // Assert
        const rawLines = store.lines('raw/');
        const rejectedLines = store.lines('rejected/');
        expect(response.batchItemFailures).toEqual([]);
        expect(rawLines.length + rejectedLines.length).toBe(received);
        for (const line of rawLines) {
          const row = JSON.parse(line) as Record<string, unknown>;
          expect(batchMessageIds.has(String(row.lakeline_message_id))).toBe(true);
        }
        for (const line of rejectedLines) {
          const rejected = JSON.parse(line) as RejectedLineShape;
          expect(batchMessageIds.has(String(rejected.messageId))).toBe(true);
          expect(typeof rejected.original).toBe('string');
          expect(Array.isArray(rejected.reasons) && rejected.reasons.length).toBeGreaterThanOrEqual(1);
          for (const reason of rejected.reasons as { path?: unknown; message?: unknown }[]) {
            expect(typeof reason.path).toBe('string');
            expect(typeof reason.message === 'string' && reason.message.length > 0).toBe(true);
          }
        }
        messagesSent += messages.length;
        rawLinesSeen += rawLines.length;
        rejectedLinesSeen += rejectedLines.length;
      },
    );

    // Act + Assert (per batch, inside the property)
    await checkProperty(property, BATCHES);

    // Assert: the run really covered 10,000 messages, with both outcomes present
    expect(messagesSent).toBe(BATCHES * MESSAGES_PER_BATCH);
    expect(rawLinesSeen).toBeGreaterThan(1000);
    expect(rejectedLinesSeen).toBeGreaterThan(1000);
  });
});
