/**
 * Property: no record the ingest accepts can make a lake file unreadable. Generated strings of any code points (lone
 * surrogates, NUL, control characters, noncharacters, line separators, byte order marks, astral characters) go through
 * the real ingest handler into a lake directory and back out through the real query handler over DuckDB: every
 * accepted record is answered exactly as published, every refused one is in rejected/ with a reason naming its field,
 * and DuckDB reads every file written, raw and rejected. Seed fixed (FC_SEED to replay).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { createDuckDbQueryEngine } from '../../lambdas/adapters/duckdb-query-engine';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { NO_COMPACTED_DAYS } from '../../lambdas/core/ports/compaction-catalog';
import { quoteString } from '../../lambdas/core/sql-text';
import { isWellFormedText, LONE_SURROGATE_MESSAGE } from '../../lambdas/core/unicode-text';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { createQueryHandler } from '../../lambdas/query/handler';
import { apiEvent } from '../fixtures/api-gateway-events';
import { snsEnvelope, sqsEventOf } from '../fixtures/sqs-events';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';

const RUNS = 40;
const RECORDS_PER_RUN = 40;
const DAY = '2025-08-02';
const RECEIVED_AT = new Date(`${DAY}T12:00:00.000Z`);

/** Code units and code points the JSON readers of either engine treat specially, or that naive encoders break. */
const awkwardUnit = fc.constantFrom(
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufffe',
  '\uffff',
  '\ufffd',
  '\ufeff',
  '"',
  '\\',
  '/',
  '\n',
  '😀',
  '\u{10ffff}',
);
const text = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: awkwardUnit },
  ),
  maxLength: 24,
});

const generatedRecord = fc.record({ name: text, seat: fc.option(text, { nil: null }) });

interface RejectedRow {
  readonly messageId: string;
  readonly recordIndex: number | null;
  readonly reasons: readonly { readonly path: string; readonly message: string }[];
  readonly original: string;
}

/** Reads every rejected/ file with DuckDB's JSON reader, so a file it could not read fails the run. */
async function readRejectedWithDuckDb(instance: DuckDBInstance, lakeDir: string): Promise<RejectedRow[]> {
  const glob = join(lakeDir, 'rejected', passengers.name, '*', '*.json.gz');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT messageId, recordIndex, reasons, encode(original) AS original FROM read_json(${quoteString(glob)}, format = 'newline_delimited', ` +
        `compression = 'gzip', columns = {'messageId': 'VARCHAR', 'recordIndex': 'INTEGER', 'reasons': 'STRUCT(path VARCHAR, message VARCHAR)[]', 'original': 'VARCHAR', 'receivedAt': 'VARCHAR'})`,
    );
    return reader.getRowObjectsJS().map((row) => ({
      messageId: String(row.messageId),
      recordIndex: row.recordIndex === null ? null : Number(row.recordIndex),
      reasons: row.reasons as unknown as RejectedRow['reasons'],
      original: new TextDecoder('utf-8', { ignoreBOM: true }).decode(row.original as Uint8Array),
    }));
  } catch (error) {
    if (error instanceof Error && /No files found/.test(error.message)) return [];
    throw error;
  } finally {
    connection.closeSync();
  }
}

describe('text through the lake and back', () => {
  let instance: DuckDBInstance;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });

  afterAll(() => {
    instance.closeSync();
  });

  it(`answers every accepted string exactly and files every refused one with its reason over ${RUNS * RECORDS_PER_RUN} records (seed ${PROPERTY_SEED})`, async () => {
    // Prepare
    let accepted = 0;
    let refused = 0;
    const property = fc.asyncProperty(
      fc.array(generatedRecord, { minLength: RECORDS_PER_RUN, maxLength: RECORDS_PER_RUN }),
      async (generated) => {
        const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-text-'));
        const engine = await createDuckDbQueryEngine({ lakeDir, datasets: [passengers] });
        try {
          const records = generated.map((record, index) => ({
            passenger_id: index + 1,
            flight_id: 1,
            name: record.name,
            seat_number: record.seat,
            boarded_at: `${DAY}T03:00:00Z`,
          }));
          // One record per message: JSON.stringify spells a lone surrogate as its escape, as a publisher's JSON would.
          const texts = records.map((record) => JSON.stringify(record));
          const ingest = createIngestHandler({
            store: new FilesystemObjectStore(lakeDir),
            dataset: passengers,
            logger: new Logger({ logLevel: 'SILENT' }),
          });
          const event = sqsEventOf(
            texts.map((message, index) => ({ body: snsEnvelope(message, { messageId: `m-${index + 1}`, timestamp: RECEIVED_AT }) })),
          );
          const query = createQueryHandler({
            compactedDays: NO_COMPACTED_DAYS,
            engine,
            datasets: [passengers],
            config: { waitBudgetMs: 10_000, maxRangeDays: 31 },
            now: () => RECEIVED_AT,
          });

          // Act
          const ingested = await ingest(event);
          const response = await query(
            apiEvent('/v1/datasets/passengers/records', { from: DAY, to: DAY, order: 'passenger_id', limit: '1000' }),
          );
          const rejected = await readRejectedWithDuckDb(instance, lakeDir);

          // Assert
          expect(ingested.batchItemFailures).toEqual([]);
          expect(response.statusCode, response.body).toBe(200);
          const rows = (JSON.parse(response.body) as { rows: Array<{ passenger_id: number; name: string; seat_number: string | null }> })
            .rows;
          const expectedRows = records
            .filter((record) => isWellFormedText(record.name) && (record.seat_number === null || isWellFormedText(record.seat_number)))
            .map((record) => ({ passenger_id: record.passenger_id, name: record.name, seat_number: record.seat_number }));
          expect(rows.map(({ passenger_id, name, seat_number }) => ({ passenger_id, name, seat_number }))).toEqual(expectedRows);
          const expectedRejected = records
            .filter((record) => !expectedRows.some((row) => row.passenger_id === record.passenger_id))
            .map((record) => ({
              messageId: `m-${record.passenger_id}`,
              recordIndex: 0,
              reasons: [
                ...(isWellFormedText(record.name) ? [] : [{ path: 'name', message: LONE_SURROGATE_MESSAGE }]),
                ...(record.seat_number === null || isWellFormedText(record.seat_number)
                  ? []
                  : [{ path: 'seat_number', message: LONE_SURROGATE_MESSAGE }]),
              ],
              original: texts[record.passenger_id - 1] ?? '',
            }));
          const byMessage = (a: RejectedRow, b: RejectedRow) => a.messageId.localeCompare(b.messageId);
          expect([...rejected].sort(byMessage)).toEqual([...expectedRejected].sort(byMessage));
          accepted += rows.length;
          refused += rejected.length;
        } finally {
          await engine.close();
          await rm(lakeDir, { recursive: true, force: true });
        }
      },
    );

    // Act + Assert (per run, inside the property)
    await checkProperty(property, RUNS);

    // Assert: both outcomes were reached often
    expect(accepted).toBeGreaterThan(RUNS * RECORDS_PER_RUN * 0.2);
    expect(refused).toBeGreaterThan(RUNS * RECORDS_PER_RUN * 0.2);
  });
});
