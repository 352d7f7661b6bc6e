/**
 * One published record must never make a day unqueryable. A string with a lone UTF-16 surrogate is valid JSON text
 * (`"x\ud800y"`) but not Unicode: DuckDB refuses the whole file ("no low surrogate in string") and Athena's JSON reader
 * (Jackson's getText, then the UTF-8 encoding of the Java string) reads it back altered. The ingest therefore refuses
 * such a record with a reason naming the field, so both engines read every stored file, and an engine error never
 * shows a file path to the client.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { passengers } from '../../../../datasets/passengers';
import { createDuckDbQueryEngine, type DuckDbQueryEngine } from '../../../../lambdas/adapters/duckdb-query-engine';
import { FilesystemObjectStore } from '../../../../lambdas/adapters/filesystem-object-store';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createIngestHandler } from '../../../../lambdas/ingest/handler';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/api-gateway-events';
import { snsEnvelope, sqsEventOf } from '../../../fixtures/sqs-events';

const DAY = '2025-08-02';
const RECEIVED_AT = new Date(`${DAY}T04:00:00.000Z`);
/** The record of the issue, as published: valid JSON text whose name holds a lone high surrogate. */
const LONE_SURROGATE_RECORD = '{"passenger_id":1,"flight_id":1,"name":"x\\ud800y","boarded_at":"2025-08-02T03:00:00Z"}';
const GOOD_RECORD = '{"passenger_id":2,"flight_id":1,"name":"good","boarded_at":"2025-08-02T03:30:00Z"}';

describe('a record with a lone UTF-16 surrogate', () => {
  let lakeDir: string;
  let engine: DuckDbQueryEngine | undefined;

  beforeEach(async () => {
    lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-surrogate-'));
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await rm(lakeDir, { recursive: true, force: true });
  });

  async function publish(messages: readonly string[]): Promise<void> {
    const ingest = createIngestHandler({
      store: new FilesystemObjectStore(lakeDir),
      dataset: passengers,
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const event = sqsEventOf(
      messages.map((message, index) => ({ body: snsEnvelope(message, { messageId: `m-${index}`, timestamp: RECEIVED_AT }) })),
    );
    expect((await ingest(event)).batchItemFailures).toEqual([]);
  }

  async function queryDay() {
    engine ??= await createDuckDbQueryEngine({ lakeDir, datasets });
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      now: () => RECEIVED_AT,
    });
    const response = await handler(apiEvent('/v1/datasets/passengers/records', { from: DAY, to: DAY, order: 'passenger_id' }));
    return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  }

  async function rejectedLines(): Promise<Array<Record<string, unknown>>> {
    const root = join(lakeDir, 'rejected', 'passengers');
    const files = (await readdir(root, { recursive: true }).catch(() => [] as string[])).map(String).filter((file) => file.endsWith('.gz'));
    const lines: Array<Record<string, unknown>> = [];
    for (const file of files) {
      for (const line of gunzipSync(await readFile(join(root, file)))
        .toString('utf8')
        .split('\n'))
        if (line) lines.push(JSON.parse(line));
    }
    return lines;
  }

  it('is rejected with a reason naming the field, and the day stays queryable', async () => {
    // Prepare
    await publish([LONE_SURROGATE_RECORD, GOOD_RECORD]);

    // Act
    const answer = await queryDay();

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.body.rows).toEqual([expect.objectContaining({ passenger_id: 2, name: 'good' })]);
    expect(await rejectedLines()).toEqual([
      expect.objectContaining({
        messageId: 'm-0',
        recordIndex: 0,
        reasons: [{ path: 'name', message: 'contains a lone UTF-16 surrogate (not valid Unicode)' }],
        original: LONE_SURROGATE_RECORD,
      }),
    ]);
  });

  it('is rejected the same when the surrogate is a low one, or sits in a record of an array', async () => {
    // Prepare
    const low = GOOD_RECORD.replace('"good"', '"\\udc00"');
    const inArray = `[${GOOD_RECORD}, ${LONE_SURROGATE_RECORD.replace('"passenger_id":1', '"passenger_id":3')}]`;

    // Act
    await publish([low, inArray]);
    const answer = await queryDay();

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.body.rows).toEqual([expect.objectContaining({ passenger_id: 2 })]);
    const reasons = (await rejectedLines()).map((line) => [line.messageId, line.recordIndex, line.reasons]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['m-0', 0, [{ path: 'name', message: 'contains a lone UTF-16 surrogate (not valid Unicode)' }]],
        ['m-1', 1, [{ path: 'name', message: 'contains a lone UTF-16 surrogate (not valid Unicode)' }]],
      ]),
    );
  });

  it('keeps valid surrogate pairs, NUL, escaped control characters and a leading byte order mark, which both engines read', async () => {
    // Prepare
    const name = '\ufeffleading byte order mark, pair 😀 \ud83d\ude00 nul \u0000 controls \u0001\u001f\u007f\u0085 bom \ufeff end';
    await publish([JSON.stringify({ passenger_id: 5, flight_id: 1, name, boarded_at: '2025-08-02T03:00:00Z' })]);

    // Act
    const answer = await queryDay();

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.body.rows).toEqual([expect.objectContaining({ passenger_id: 5, name })]);
    expect(await rejectedLines()).toEqual([]);
  });

  it('answers 502 without any file path when a stored file cannot be read, and the path stays in the log', async () => {
    // Prepare: a file written before the ingest refused lone surrogates
    const partition = join(lakeDir, 'raw', 'passengers', `dt=${DAY}`);
    await mkdir(partition, { recursive: true });
    const line = `{"passenger_id":1,"flight_id":1,"name":"x\\ud800y","seat_number":null,"boarded_at":"${DAY} 03:00:00.000","lakeline_message_id":"m","lakeline_record_index":0,"lakeline_ingested_at":"${DAY} 04:00:00.000"}`;
    await writeFile(join(partition, 'old.json.gz'), gzipSync(`${line}\n`));
    const logged: string[] = [];
    const logger = new Logger({ logLevel: 'ERROR' });
    logger.error = (message: unknown, ...extra: unknown[]) => {
      logged.push(JSON.stringify([message, ...extra]));
    };
    engine = await createDuckDbQueryEngine({ lakeDir, datasets });
    const handler = createQueryHandler({
      compactedDays: NO_COMPACTED_DAYS,
      engine,
      datasets,
      config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
      logger,
      now: () => RECEIVED_AT,
    });

    // Act
    const response = await handler(apiEvent('/v1/datasets/passengers/records', { from: DAY, to: DAY }));

    // Assert
    expect(response.statusCode).toBe(502);
    const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('query_failed');
    expect(error.message).toContain('no low surrogate in string');
    expect(error.message).not.toContain(lakeDir);
    expect(error.message).not.toMatch(/\/[^\s"]*\//);
    expect(logged.join('\n')).toContain('old.json.gz');
  });
});
