/**
 * Fault injection on the lake: a store that refuses a share of writes, stores-then-fails another share, answers slowly
 * at random or stalls past the function's timeout, behind the real ingest handler, with SQS redelivery of batch item
 * failures and a dead-letter set after the receive limit.
 * Reading the lake back (last write per key wins, as in S3), no record is dropped: each is stored, or its message is in
 * the dead-letter set; and no more messages are dead-lettered than the injected faults explain. One-record messages
 * are stored exactly once when failed writes store nothing; a message redelivered after a write that did land may be
 * stored again (at-least-once), and the query API answers each record exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { MAX_RECEIVE_COUNT } from '../../lambdas/core/delivery-policy';
import type { ObjectStore } from '../../lambdas/core/ports/object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { readLakeLines } from '../e2e/support/local-mode-fixture';
import { snsEnvelope } from '../fixtures/sqs-events';
import { MemoryObjectStore } from '../support/memory-object-store';
import { answeredRecordKeys } from './support/answered-record-keys';
import { deadLetterBound, deliveryFailure } from './support/dead-letter-bound';
import { FlakyObjectStore, type FlakyStoreOptions, seededRandom } from './support/flaky-object-store';
import { writeLakeDirectory } from './support/lake-directory';
import { drainQueue, type QueuedMessage, type QueueHandler, type QueueOutcome } from './support/simulated-queue';

const SEED = Number(process.env.FAULT_SEED ?? 20261122);
const DAY_MS = 86_400_000;
const BATCH_SIZE = 10;
/** Every message carries the same SNS timestamp, so all rejected records of a batch share one receive-day object. */
const REJECTED_OBJECTS_PER_BATCH = 1;
/**
 * The ingest clock of the in-memory scenarios: before the records' days end, so no compaction request is due and a
 * delivery writes exactly the objects counted in `writesNeeded`.
 */
const BEFORE_THE_DAYS_END = new Date('2025-01-01T00:00:00.000Z');

interface Published {
  readonly messages: QueuedMessage[];
  /** `<sns message id>/<record index>` of every record, with whether it is valid. */
  readonly records: Map<string, { valid: boolean; sqsMessageId: string }>;
  /**
   * Per SQS message, the writes one delivery of it needs: one object per day of its valid records (and a compaction
   * request beside it when the day has ended), one for its rejected.
   */
  readonly writesNeeded: Map<string, number>;
}

/** Messages of `recordsPerMessage` records over `days` days; one record in ten is invalid (a string passenger_id). */
function publish(
  messageCount: number,
  recordsPerMessage: () => number,
  days: number,
  random: () => number,
  requestsDue = false,
): Published {
  const messages: QueuedMessage[] = [];
  const records = new Map<string, { valid: boolean; sqsMessageId: string }>();
  const writesNeeded = new Map<string, number>();
  let passengerId = 1;
  for (let index = 0; index < messageCount; index++) {
    const snsMessageId = `sns-${index}`;
    const sqsMessageId = `sqs-${index}`;
    const count = recordsPerMessage();
    const objects = new Set<string>();
    const message = Array.from({ length: count }, (_, recordIndex) => {
      const valid = random() >= 0.1;
      records.set(`${snsMessageId}/${recordIndex}`, { valid, sqsMessageId });
      const boardedAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * days) * DAY_MS + 3_600_000).toISOString();
      objects.add(valid ? boardedAt.slice(0, 10) : 'rejected');
      return { passenger_id: valid ? passengerId++ : 'not a number', flight_id: 7, name: `Passenger ${index}`, boarded_at: boardedAt };
    });
    const requests = requestsDue ? [...objects].filter((object) => object !== 'rejected').length : 0;
    writesNeeded.set(sqsMessageId, objects.size + requests);
    messages.push({ sqsMessageId, body: snsEnvelope(count === 1 ? message[0] : message, { messageId: snsMessageId }) });
  }
  return { messages, records, writesNeeded };
}

function countBy(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function ingestHandler(store: ObjectStore, now?: () => Date): QueueHandler {
  return createIngestHandler({ store, dataset: passengers, logger: new Logger({ logLevel: 'SILENT' }), ...(now ? { now } : {}) });
}

/** Records neither found where they belong (valid: `stored`, invalid: `rejected`) nor in a dead-lettered message. */
function lostRecords(
  published: Published,
  outcome: QueueOutcome,
  stored: ReadonlyMap<string, number>,
  rejected: ReadonlyMap<string, number>,
) {
  return [...published.records]
    .filter(([key, { valid, sqsMessageId }]) => !(valid ? stored : rejected).has(key) && !outcome.deadLetters.has(sqsMessageId))
    .map(([key]) => key);
}

/** Fails when more messages were dead-lettered than `deliveryFailures` (one chance per message) explain. */
function expectDeadLettersExplainedByFaults(outcome: QueueOutcome, deliveryFailures: readonly number[]) {
  // Messages of one batch share its objects, so a single fault fails up to a batch of them together.
  const { expected, limit } = deadLetterBound(deliveryFailures, MAX_RECEIVE_COUNT, { sharedFate: BATCH_SIZE });
  expect(
    outcome.deadLetters.size,
    `${outcome.deadLetters.size} of ${deliveryFailures.length} messages dead-lettered; the injected faults explain ${expected.toFixed(1)} on average, at most ${limit.toFixed(1)}`,
  ).toBeLessThanOrEqual(limit);
  return { expected, limit };
}

async function runScenario(options: {
  messages: number;
  recordsPerMessage: () => number;
  days: number;
  faults: Omit<FlakyStoreOptions, 'random'>;
  invocationTimeoutMs?: number;
  seed: number;
}) {
  const random = seededRandom(options.seed);
  const lake = new MemoryObjectStore();
  const store = new FlakyObjectStore(lake, { ...options.faults, random });
  const handler = ingestHandler(store, () => BEFORE_THE_DAYS_END);
  const published = publish(options.messages, options.recordsPerMessage, options.days, random);
  const outcome = await drainQueue(published.messages, handler, {
    batchSize: BATCH_SIZE,
    maxReceives: MAX_RECEIVE_COUNT,
    random,
    ...(options.invocationTimeoutMs === undefined ? {} : { invocationTimeoutMs: options.invocationTimeoutMs }),
  });
  const stored = countBy(
    lake.lines('raw/').map((line) => {
      const row = JSON.parse(line) as { lakeline_message_id: string; lakeline_record_index: number };
      return `${row.lakeline_message_id}/${row.lakeline_record_index}`;
    }),
  );
  const rejected = countBy(
    lake.lines('rejected/').map((line) => {
      const entry = JSON.parse(line) as { messageId: string; recordIndex: number };
      return `${entry.messageId}/${entry.recordIndex}`;
    }),
  );
  return { published, outcome, stored, rejected, store, lake };
}

/** The records the query API answers over an in-memory lake, written out as a lake directory for the DuckDB engine. */
async function answeredFrom(lake: MemoryObjectStore, range: { from: string; to: string }): Promise<string[]> {
  const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-flaky-'));
  try {
    await writeLakeDirectory(lake, lakeDir);
    return await answeredRecordKeys(lakeDir, range);
  } finally {
    await rm(lakeDir, { recursive: true, force: true });
  }
}

function lakeCopies(stored: ReadonlyMap<string, number>): number {
  return [...stored.values()].reduce((sum, times) => sum + times - 1, 0);
}

describe('ingest with a store that fails and stalls at random', () => {
  it('stores every record of one-record messages exactly once, or dead-letters its message, at a 30% write failure rate', async () => {
    // Prepare
    const failureRate = 0.3;
    const scenario = { messages: 2000, recordsPerMessage: () => 1, days: 3, faults: { failureRate, maxDelayMs: 4 }, seed: SEED };

    // Act
    const { published, outcome, stored, rejected, store } = await runScenario(scenario);

    // Assert
    const duplicated: string[] = [];
    for (const [key, { valid }] of published.records) if (((valid ? stored : rejected).get(key) ?? 0) > 1) duplicated.push(key);
    expect(store.failures).toBeGreaterThan(100);
    expect(outcome.redeliveries).toBeGreaterThan(100);
    expect(lostRecords(published, outcome, stored, rejected)).toEqual([]);
    expect(duplicated).toEqual([]);
    const bound = expectDeadLettersExplainedByFaults(
      outcome,
      published.messages.map(() => deliveryFailure(failureRate, 1)),
    );
    console.info(
      `flaky-store: ${published.records.size} one-record messages, ${store.failures} failed writes, ${outcome.redeliveries} redeliveries, ` +
        `${outcome.deadLetters.size} dead-lettered (faults explain ${bound.expected.toFixed(1)}, at most ${bound.limit.toFixed(1)}), none lost or stored twice`,
    );
    expect([...stored.keys()].every((key) => published.records.get(key)?.valid === true)).toBe(true);
    expect([...rejected.keys()].every((key) => published.records.get(key)?.valid === false)).toBe(true);
  });

  it('drops no record of many-record messages spread over several partitions, at a 30% write failure rate', async () => {
    // Prepare
    let draw = 0;
    const failureRate = 0.3;
    const scenario = {
      messages: 1000,
      recordsPerMessage: () => 1 + (draw++ % 5),
      days: 4,
      faults: { failureRate, maxDelayMs: 4 },
      seed: SEED + 1,
    };

    // Act
    const { published, outcome, stored, rejected } = await runScenario(scenario);

    // Assert
    expect(lostRecords(published, outcome, stored, rejected)).toEqual([]);
    expect(published.records.size).toBeGreaterThan(2500);
    const bound = expectDeadLettersExplainedByFaults(
      outcome,
      published.messages.map((message) => deliveryFailure(failureRate, published.writesNeeded.get(message.sqsMessageId) ?? 0)),
    );
    const storedTwice = [...stored.values(), ...rejected.values()].filter((times) => times > 1).length;
    console.info(
      `flaky-store: ${published.records.size} records in ${scenario.messages} messages, ${outcome.invocations} invocations, ` +
        `${outcome.redeliveries} redeliveries, ${outcome.deadLetters.size} dead-lettered messages (faults explain ` +
        `${bound.expected.toFixed(1)}, at most ${bound.limit.toFixed(1)}), ${storedTwice} records stored more than once`,
    );
  });

  it('answers every record of many-record messages exactly once through the query API, or dead-letters its message', async () => {
    // Prepare
    let draw = 0;
    const failureRate = 0.3;
    const random = seededRandom(SEED + 2);
    const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-flaky-'));
    const store = new FlakyObjectStore(new FilesystemObjectStore(lakeDir), { failureRate, maxDelayMs: 4, random });
    // The real clock: the records' days have ended, so each raw object also needs its compaction request stored.
    const published = publish(400, () => 1 + (draw++ % 5), 4, random, true);
    const outcome = await drainQueue(published.messages, ingestHandler(store), {
      batchSize: BATCH_SIZE,
      maxReceives: MAX_RECEIVE_COUNT,
      random,
    });
    const lakeRows = await readLakeLines(lakeDir, 'raw/passengers');

    // Act
    let answered: string[];
    try {
      answered = await answeredRecordKeys(lakeDir, { from: '2025-01-01', to: '2025-01-04' });
    } finally {
      await rm(lakeDir, { recursive: true, force: true });
    }

    // Assert
    const times = countBy(answered);
    const valid = [...published.records].filter(([, record]) => record.valid);
    const lost = valid.filter(([key, { sqsMessageId }]) => !times.has(key) && !outcome.deadLetters.has(sqsMessageId)).map(([key]) => key);
    const copies = lakeRows.length - new Set(lakeRows.map((row) => `${row.lakeline_message_id}/${row.lakeline_record_index}`)).size;
    expect(store.failures).toBeGreaterThan(10);
    expect(copies, 'the lake holds extra copies, so the API must drop them').toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect([...times].filter(([, count]) => count > 1)).toEqual([]);
    expect(answered.every((key) => published.records.get(key)?.valid === true)).toBe(true);
    expectDeadLettersExplainedByFaults(
      outcome,
      published.messages.map((message) => deliveryFailure(failureRate, published.writesNeeded.get(message.sqsMessageId) ?? 0)),
    );
  });

  it('answers every record of one-record messages exactly once through the query API when failed writes were stored', async () => {
    // Prepare
    const writeThenThrowRate = 0.3;
    const scenario = {
      messages: 1000,
      recordsPerMessage: () => 1,
      days: 3,
      faults: { failureRate: 0, writeThenThrowRate, maxDelayMs: 4 },
      seed: SEED + 3,
    };
    const { published, outcome, stored, rejected, store, lake } = await runScenario(scenario);

    // Act
    const answered = countBy(await answeredFrom(lake, { from: '2025-01-01', to: '2025-01-03' }));

    // Assert
    expect(store.storedButFailed).toBeGreaterThan(100);
    expect(lakeCopies(stored), 'writes that failed after storing leave copies in the raw zone').toBeGreaterThan(0);
    expect(lostRecords(published, outcome, answered, rejected)).toEqual([]);
    expect([...answered].filter(([, times]) => times > 1)).toEqual([]);
    expect([...answered.keys()].every((key) => published.records.get(key)?.valid === true)).toBe(true);
    const bound = expectDeadLettersExplainedByFaults(
      outcome,
      published.messages.map(() => deliveryFailure(writeThenThrowRate, 1)),
    );
    console.info(
      `flaky-store (stored, then failed): ${published.records.size} one-record messages, ${store.storedButFailed} writes stored but reported failed, ` +
        `${lakeCopies(stored)} copies in raw/, ${answered.size} answered once each, ${outcome.deadLetters.size} dead-lettered ` +
        `(faults explain ${bound.expected.toFixed(1)}, at most ${bound.limit.toFixed(1)})`,
    );
  });

  it('answers every record exactly once through the query API, or dead-letters its message, when writes stall past the function timeout', async () => {
    // Prepare
    let draw = 0;
    const days = 4;
    const failureRate = 0.1;
    const stallRate = 0.05;
    const scenario = {
      messages: 600,
      recordsPerMessage: () => 1 + (draw++ % 5),
      days,
      faults: { failureRate, maxDelayMs: 4, stallRate, stallMs: 120, stalledFailureRate: 0.5 },
      invocationTimeoutMs: 50,
      seed: SEED + 4,
    };
    const { published, outcome, stored, rejected, store, lake } = await runScenario(scenario);

    // Act
    const answered = countBy(await answeredFrom(lake, { from: '2025-01-01', to: '2025-01-04' }));

    // Assert
    expect(lostRecords(published, outcome, answered, rejected)).toEqual([]);
    expect(outcome.timeouts).toBeGreaterThan(0);
    expect(store.lateWrites, 'writes of timed-out invocations land afterwards').toBeGreaterThan(0);
    expect(store.stalls - store.lateWrites, 'writes of timed-out invocations are lost too').toBeGreaterThan(0);
    expect([...answered].filter(([, times]) => times > 1)).toEqual([]);
    expect([...answered.keys()].every((key) => published.records.get(key)?.valid === true)).toBe(true);
    // A delivery fails when one of its own writes is refused, or when any write of its invocation stalls.
    const writesPerInvocation = days + REJECTED_OBJECTS_PER_BATCH;
    const bound = expectDeadLettersExplainedByFaults(
      outcome,
      published.messages.map(
        (message) =>
          1 -
          (1 - deliveryFailure(failureRate, published.writesNeeded.get(message.sqsMessageId) ?? 0)) *
            (1 - deliveryFailure(stallRate, writesPerInvocation)),
      ),
    );
    console.info(
      `flaky-store (stalls past a ${scenario.invocationTimeoutMs} ms timeout): ${published.records.size} records in ${scenario.messages} messages, ` +
        `${outcome.invocations} invocations, ${outcome.timeouts} timed out, ${store.lateWrites} writes landed after their invocation timed out, ` +
        `${lakeCopies(stored)} copies in raw/, ${outcome.deadLetters.size} dead-lettered (faults explain ${bound.expected.toFixed(1)}, ` +
        `at most ${bound.limit.toFixed(1)})`,
    );
  });
});
