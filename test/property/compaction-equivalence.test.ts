/**
 * Property: compaction never changes an answer. Random passengers lakes are written by the real ingest handler (several
 * days, messages delivered again in later batches), then random records requests (filters, projections, order with
 * paging, ranges over compacted and raw days) are answered through the real query handler over DuckDB before any
 * compaction, after some days were compacted and after every day was; a late record and a late copy stored after their
 * day was compacted are, once the day is compacted again, answered exactly once. Seed fixed (FC_SEED to replay).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { createDuckDbCompactionWriter } from '../../lambdas/adapters/duckdb-compaction-writer';
import { createDuckDbQueryEngine, type DuckDbQueryEngine } from '../../lambdas/adapters/duckdb-query-engine';
import { FilesystemLakeListing } from '../../lambdas/adapters/filesystem-lake-listing';
import { type CompactionPorts, compactDataset } from '../../lambdas/compaction/compact-dataset';
import { type CompactedDaysReader, NO_COMPACTED_DAYS } from '../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler, type QueryHandler } from '../../lambdas/query/handler';
import { ManifestCatalog } from '../../local/compaction/manifest-catalog';
import { apiEvent } from '../fixtures/api-gateway-events';
import { type DeliveredMessage, ingestBatchInto } from '../fixtures/passenger-lake';
import { checkProperty, PROPERTY_SEED } from '../support/fast-check-seed';

const RUNS = 12;
const REQUESTS_PER_RUN = 6;
const DAYS = ['2025-01-10', '2025-01-11', '2025-01-12', '2025-01-13', '2025-01-14'];
/** Request ranges reach a day past each end of the lake's days. */
const RANGE_DAYS = ['2025-01-09', ...DAYS, '2025-01-15'];
/** Every day of the lake has ended and is closed when the batches are stored and compacted. */
const FIRST_BATCH_AT = Date.parse('2025-01-20T00:00:00.000Z');
const LATE_BATCH_AT = new Date('2025-01-25T00:00:00.000Z');
const NOW = new Date('2025-02-01T12:00:00.000Z');
const LAG = { lagHours: 3 };
const ALL_COLUMNS = [
  'passenger_id',
  'flight_id',
  'name',
  'seat_number',
  'boarded_at',
  'lakeline_message_id',
  'lakeline_record_index',
  'lakeline_ingested_at',
];

interface PassengerRecord {
  readonly passenger_id: number;
  readonly flight_id: number;
  readonly name: string;
  readonly seat_number: string | null;
  readonly boarded_at: string;
}

interface GeneratedMessage {
  readonly records: readonly PassengerRecord[];
  /** The batch of the first delivery, and of a second one (SQS at-least-once) if any. */
  readonly batch: number;
  readonly again?: number;
}

interface RecordsQuery {
  readonly parameters: Readonly<Record<string, string>>;
  readonly ordered: boolean;
}

const day = fc.constantFrom(...DAYS);
const record: fc.Arbitrary<PassengerRecord> = fc.record({
  passenger_id: fc.integer({ min: 1, max: 6 }),
  flight_id: fc.constantFrom(100, 200, 300),
  name: fc.constantFrom('Ada', 'Zoë "Z" Ångström', 'Bob; DROP TABLE x --', 'Back\\slash', ''),
  seat_number: fc.constantFrom('1A', '2B', null),
  boarded_at: fc
    .tuple(day, fc.integer({ min: 0, max: 86_399_999 }))
    .map(([date, ms]) => new Date(Date.parse(`${date}T00:00:00.000Z`) + ms).toISOString()),
});
const message: fc.Arbitrary<GeneratedMessage> = fc.record(
  {
    records: fc.array(record, { minLength: 1, maxLength: 3 }),
    batch: fc.integer({ min: 0, max: 2 }),
    again: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: ['records', 'batch'] },
);

const query: fc.Arbitrary<RecordsQuery> = fc
  .record({
    range: fc.tuple(fc.nat(RANGE_DAYS.length - 1), fc.nat(RANGE_DAYS.length - 1)),
    columns: fc.option(fc.subarray(ALL_COLUMNS, { minLength: 1 }), { nil: undefined }),
    flight_id: fc.option(fc.constantFrom('100', '200', '300'), { nil: undefined }),
    passenger_id: fc.option(fc.integer({ min: 1, max: 6 }).map(String), { nil: undefined }),
    seat_number: fc.option(fc.constantFrom('1A', '2B'), { nil: undefined }),
    order: fc.option(
      fc.tuple(fc.constantFrom(...ALL_COLUMNS), fc.boolean()).map(([column, descending]) => `${descending ? '-' : ''}${column}`),
      { nil: undefined },
    ),
    limit: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ range, columns, order, limit, ...filters }) => {
    const [from, to] = [Math.min(...range), Math.max(...range)].map((index) => RANGE_DAYS[index] as string);
    const parameters: Record<string, string> = { from: from as string, to: to as string };
    if (columns !== undefined) parameters.columns = columns.join(',');
    for (const [name, value] of Object.entries(filters)) if (value !== undefined) parameters[name] = value;
    // Without an order the rows of a page are whichever the engine yields first, so only a whole answer compares.
    if (order !== undefined) Object.assign(parameters, { order, limit: String(limit) });
    else parameters.limit = '1000';
    return { parameters, ordered: order !== undefined };
  });

/** Every row the handler answers for `request`, page after page; unordered answers sorted so they compare as multisets. */
async function answer(api: QueryHandler, request: RecordsQuery): Promise<string[]> {
  const rows: string[] = [];
  let nextToken: string | undefined;
  do {
    const response = await api(apiEvent('/v1/datasets/passengers/records', { ...request.parameters, ...(nextToken ? { nextToken } : {}) }));
    if (response.statusCode !== 200) throw new Error(`records answered ${response.statusCode}: ${response.body}`);
    const body = JSON.parse(response.body) as { rows: unknown[]; nextToken?: string };
    rows.push(...body.rows.map((row) => JSON.stringify(row)));
    nextToken = body.nextToken;
  } while (nextToken !== undefined);
  return request.ordered ? rows : rows.sort();
}

/**
 * The answers to `queries`, asked one after another: this property is about which rows come back, and the engine
 * under concurrent queries is the concurrency suite's subject (test/e2e/api-concurrency.test.ts).
 */
async function answerAll(api: QueryHandler, queries: readonly RecordsQuery[]): Promise<string[][]> {
  const answers: string[][] = [];
  for (const request of queries) answers.push(await answer(api, request));
  return answers;
}

function handlerOver(engine: DuckDbQueryEngine, compactedDays: CompactedDaysReader): QueryHandler {
  return createQueryHandler({
    engine,
    compactedDays,
    datasets: [passengers],
    config: { waitBudgetMs: 30_000, maxRangeDays: 31, resultReuseMaxAgeMinutes: 0 },
    now: () => NOW,
  });
}

/** The batches of the lake: each message in the batch of its first delivery, and again in a later one if it has one. */
function batchesOf(messages: readonly GeneratedMessage[]): DeliveredMessage[][] {
  const batches: DeliveredMessage[][] = [[], [], [], []];
  messages.forEach((generated, index) => {
    const delivered = { snsMessageId: `m-${index}`, message: JSON.stringify(generated.records) };
    batches[generated.batch]?.push(delivered);
    if (generated.again !== undefined && generated.again !== generated.batch) batches[generated.again]?.push(delivered);
  });
  return batches.filter((batch) => batch.length > 0);
}

async function withLake<T>(run: (lakeDir: string) => Promise<T>): Promise<T> {
  const lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-compaction-'));
  try {
    return await run(lakeDir);
  } finally {
    await rm(lakeDir, { recursive: true, force: true });
  }
}

describe('compaction', () => {
  it(`changes no records answer, and answers a record stored after its day was compacted exactly once, over ${RUNS} random lakes (seed ${PROPERTY_SEED})`, async () => {
    let compactedDaysSeen = 0;
    const property = fc.asyncProperty(
      fc.array(message, { minLength: 1, maxLength: 12 }),
      fc.subarray(DAYS),
      fc.array(query, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }),
      fc.tuple(record, day),
      (messages, someDays, queries, [lateRecord, lateDay]) =>
        withLake(async (lakeDir) => {
          // Prepare
          for (const [index, batch] of batchesOf(messages).entries())
            await ingestBatchInto(lakeDir, batch, new Date(FIRST_BATCH_AT + index * 3_600_000));
          const catalog = new ManifestCatalog(lakeDir);
          const writer = await createDuckDbCompactionWriter(lakeDir, [passengers], catalog);
          const engine = await createDuckDbQueryEngine({ lakeDir, datasets: [passengers], compactedRuns: catalog });
          let runs = 0;
          const ports: CompactionPorts = {
            listing: new FilesystemLakeListing(lakeDir),
            catalog,
            writer,
            now: () => NOW,
            newRunId: () => `run-${++runs}`,
          };
          const lake = handlerOver(engine, catalog);
          const rawOnly = handlerOver(engine, NO_COMPACTED_DAYS);
          try {
            const before = await answerAll(lake, queries);

            // Act
            for (const someDay of someDays) await compactDataset(ports, passengers, { ...LAG, day: someDay });
            const partly = await answerAll(lake, queries);
            await compactDataset(ports, passengers, LAG);
            const wholly = await answerAll(lake, queries);
            const compacted = await catalog.compactedDays(passengers.name, '0000-01-01', '9999-12-31');

            // Assert
            expect(partly).toEqual(before);
            expect(wholly).toEqual(before);
            const rawDays = new Set(messages.flatMap((generated) => generated.records.map((entry) => entry.boarded_at.slice(0, 10))));
            // An explicit day is compacted even when it holds no record: its compacted form is then empty.
            expect(compacted.map((entry) => entry.day)).toEqual([...new Set([...rawDays, ...someDays])].sort());
            compactedDaysSeen += compacted.length;

            // Act: a late record on a compacted day, and a late copy of a message already compacted, then the next run.
            const late = { ...lateRecord, boarded_at: `${lateDay}${lateRecord.boarded_at.slice(10)}` };
            const copy = { snsMessageId: 'm-0', message: JSON.stringify(messages[0]?.records) };
            await ingestBatchInto(lakeDir, [{ snsMessageId: 'late', message: JSON.stringify(late) }, copy], LATE_BATCH_AT);
            const reports = await compactDataset(ports, passengers, LAG);
            const range = { from: RANGE_DAYS[0] as string, to: RANGE_DAYS.at(-1) as string };
            const keys = await answer(lake, {
              parameters: { ...range, columns: 'lakeline_message_id,lakeline_record_index', limit: '1000' },
              ordered: false,
            });
            const afterLate = await answerAll(lake, queries);
            const rawAfterLate = await answerAll(rawOnly, queries);

            // Assert
            expect(reports.map((report) => report.day)).toContain(lateDay);
            expect(keys.filter((key) => key === JSON.stringify({ lakeline_message_id: 'late', lakeline_record_index: 0 }))).toHaveLength(1);
            expect(new Set(keys).size).toBe(keys.length);
            expect(afterLate).toEqual(rawAfterLate);
          } finally {
            await engine.close();
            await writer.close();
          }
        }),
    );

    await checkProperty(property, RUNS);
    expect(compactedDaysSeen).toBeGreaterThan(RUNS);
  }, 120_000);
});
