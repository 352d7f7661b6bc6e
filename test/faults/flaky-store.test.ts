/**
 * Fault injection on the lake: a store that refuses a share of writes and answers slowly at random, behind the real
 * ingest handler, with SQS redelivery of batch item failures and a dead-letter set after the receive limit.
 * Reading the lake back (last write per key wins, as in S3), no record is dropped: each is stored, or its message is in
 * the dead-letter set. One-record messages are stored exactly once; a message whose records span several objects may
 * be stored again when redelivered (at-least-once), and the query API answers each record exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { createDuckDbQueryEngine } from '../../lambdas/adapters/duckdb-query-engine';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { createQueryHandler } from '../../lambdas/query/handler';
import { readLakeLines } from '../e2e/support/local-mode-fixture';
import { proxyEvent } from '../fixtures/api-gateway-events';
import { snsEnvelope } from '../fixtures/sqs-events';
import { MemoryObjectStore } from '../support/memory-object-store';
import { FlakyObjectStore, seededRandom } from './support/flaky-object-store';
import { drainQueue, type QueuedMessage } from './support/simulated-queue';

const SEED = Number(process.env.FAULT_SEED ?? 20261122);
const DAY_MS = 86_400_000;

interface Published {
  readonly messages: QueuedMessage[];
  /** `<sns message id>/<record index>` of every record, with whether it is valid. */
  readonly records: Map<string, { valid: boolean; sqsMessageId: string }>;
}

/** Messages of `recordsPerMessage` records over `days` days; one record in ten is invalid (a string passenger_id). */
function publish(messageCount: number, recordsPerMessage: () => number, days: number, random: () => number): Published {
  const messages: QueuedMessage[] = [];
  const records = new Map<string, { valid: boolean; sqsMessageId: string }>();
  let passengerId = 1;
  for (let index = 0; index < messageCount; index++) {
    const snsMessageId = `sns-${index}`;
    const sqsMessageId = `sqs-${index}`;
    const count = recordsPerMessage();
    const message = Array.from({ length: count }, (_, recordIndex) => {
      const valid = random() >= 0.1;
      records.set(`${snsMessageId}/${recordIndex}`, { valid, sqsMessageId });
      const boardedAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * days) * DAY_MS + 3_600_000).toISOString();
      return { passenger_id: valid ? passengerId++ : 'not a number', flight_id: 7, name: `Passenger ${index}`, boarded_at: boardedAt };
    });
    messages.push({ sqsMessageId, body: snsEnvelope(count === 1 ? message[0] : message, { messageId: snsMessageId }) });
  }
  return { messages, records };
}

function recordsRequest(parameters: Record<string, string>): APIGatewayProxyEvent {
  return proxyEvent({
    path: '/v1/datasets/passengers/records',
    resource: '/v1/datasets/{name}/records',
    pathParameters: { name: 'passengers' },
    queryStringParameters: parameters,
  });
}

function countBy(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

async function runScenario(options: {
  messages: number;
  recordsPerMessage: () => number;
  days: number;
  failureRate: number;
  seed: number;
}) {
  const random = seededRandom(options.seed);
  const lake = new MemoryObjectStore();
  const store = new FlakyObjectStore(lake, { failureRate: options.failureRate, maxDelayMs: 4, random });
  const handler = createIngestHandler({
    store,
    dataset: passengers,
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => new Date('2025-02-01T00:00:00.000Z'),
  });
  const published = publish(options.messages, options.recordsPerMessage, options.days, random);
  const outcome = await drainQueue(published.messages, handler, { batchSize: 10, maxReceives: 5, random });
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
  return { published, outcome, stored, rejected, store };
}

describe('ingest with a store that fails and stalls at random', () => {
  it('stores every record of one-record messages exactly once, or dead-letters its message, at a 30% write failure rate', async () => {
    // Prepare
    const scenario = { messages: 2000, recordsPerMessage: () => 1, days: 3, failureRate: 0.3, seed: SEED };

    // Act
    const { published, outcome, stored, rejected, store } = await runScenario(scenario);

    // Assert
    const lost: string[] = [];
    const duplicated: string[] = [];
    for (const [key, { valid, sqsMessageId }] of published.records) {
      const times = (valid ? stored : rejected).get(key) ?? 0;
      if (times > 1) duplicated.push(key);
      if (times === 0 && !outcome.deadLetters.has(sqsMessageId)) lost.push(key);
    }
    expect(store.failures).toBeGreaterThan(100);
    expect(outcome.redeliveries).toBeGreaterThan(100);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    console.info(
      `flaky-store: ${published.records.size} one-record messages, ${store.failures} failed writes, ${outcome.redeliveries} redeliveries, ` +
        `${outcome.deadLetters.size} dead-lettered, none lost or stored twice`,
    );
    expect([...stored.keys()].every((key) => published.records.get(key)?.valid === true)).toBe(true);
    expect([...rejected.keys()].every((key) => published.records.get(key)?.valid === false)).toBe(true);
  });

  it('drops no record of many-record messages spread over several partitions, at a 30% write failure rate', async () => {
    // Prepare
    let draw = 0;
    const scenario = { messages: 1000, recordsPerMessage: () => 1 + (draw++ % 5), days: 4, failureRate: 0.3, seed: SEED + 1 };

    // Act
    const { published, outcome, stored, rejected } = await runScenario(scenario);

    // Assert
    const lost: string[] = [];
    for (const [key, { valid, sqsMessageId }] of published.records) {
      const times = (valid ? stored : rejected).get(key) ?? 0;
      if (times === 0 && !outcome.deadLetters.has(sqsMessageId)) lost.push(key);
    }
    expect(lost).toEqual([]);
    expect(published.records.size).toBeGreaterThan(2500);
    const storedTwice = [...stored.values(), ...rejected.values()].filter((times) => times > 1).length;
    console.info(
      `flaky-store: ${published.records.size} records in ${scenario.messages} messages, ${outcome.invocations} invocations, ` +
        `${outcome.redeliveries} redeliveries, ${outcome.deadLetters.size} dead-lettered messages, ${storedTwice} records stored more than once`,
    );
  });

  it('answers every record of many-record messages exactly once through the query API, or dead-letters its message', async () => {
    // Prepare
    let draw = 0;
    const random = seededRandom(SEED + 2);
    const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-flaky-'));
    const store = new FlakyObjectStore(new FilesystemObjectStore(lakeDir), { failureRate: 0.3, maxDelayMs: 4, random });
    const ingest = createIngestHandler({ store, dataset: passengers, logger: new Logger({ logLevel: 'SILENT' }) });
    const published = publish(400, () => 1 + (draw++ % 5), 4, random);
    const outcome = await drainQueue(published.messages, ingest, { batchSize: 10, maxReceives: 5, random });
    const lakeRows = await readLakeLines(lakeDir, 'raw/passengers');
    const engine = await createDuckDbQueryEngine({ lakeDir, datasets: [passengers] });
    const api = createQueryHandler({ engine, datasets: [passengers], config: { waitBudgetMs: 30_000, maxRangeDays: 31 } });

    // Act
    const answered: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const parameters: Record<string, string> = {
          from: '2025-01-01',
          to: '2025-01-04',
          limit: '1000',
          columns: 'lakeline_message_id,lakeline_record_index',
          ...(nextToken ? { nextToken } : {}),
        };
        const response = await api(recordsRequest(parameters));
        const body = JSON.parse(response.body) as {
          rows: { lakeline_message_id: string; lakeline_record_index: number }[];
          nextToken?: string;
        };
        expect(response.statusCode).toBe(200);
        answered.push(...body.rows.map((row) => `${row.lakeline_message_id}/${row.lakeline_record_index}`));
        nextToken = body.nextToken;
      } while (nextToken);
    } finally {
      await engine.close();
      await rm(lakeDir, { recursive: true, force: true });
    }

    // Assert
    const times = countBy(answered);
    const valid = [...published.records].filter(([, record]) => record.valid);
    const lost = valid.filter(([key, { sqsMessageId }]) => !times.has(key) && !outcome.deadLetters.has(sqsMessageId)).map(([key]) => key);
    const lakeCopies = lakeRows.length - new Set(lakeRows.map((row) => `${row.lakeline_message_id}/${row.lakeline_record_index}`)).size;
    expect(store.failures).toBeGreaterThan(10);
    expect(lakeCopies, 'the lake holds extra copies, so the API must drop them').toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect([...times].filter(([, count]) => count > 1)).toEqual([]);
    expect(answered.every((key) => published.records.get(key)?.valid === true)).toBe(true);
  });
});
