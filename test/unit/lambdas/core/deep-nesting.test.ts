/**
 * Nesting alone never decides a record's fate: an unknown field nested thousands of levels deep is dropped like any
 * other unknown field, on both JSON paths (native JSON.parse and the exact-number parser), and a rejected record of
 * such a message is still quoted verbatim.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { jsonArrayElementTexts, parseExactJson } from '../../../../lambdas/core/exact-json';
import { createBatchPlanner, type PlannedObject } from '../../../../lambdas/core/ingest-batch';
import { snsEnvelope, sqsEventOf } from '../../../fixtures/sqs-events';
import { gzipJsonLines } from '../../../support/gzip-lines';

const INGESTED_AT = new Date('2025-08-02T08:00:00.000Z');
const RECEIVED_AT = new Date('2025-08-02T07:00:00.000Z');

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

function linesOf(object: PlannedObject | undefined): Array<Record<string, unknown>> {
  return gzipJsonLines(object?.body);
}

function plan(message: string) {
  const event = sqsEventOf([{ body: snsEnvelope(message, { messageId: 'm-deep', timestamp: RECEIVED_AT }), messageId: 'q-deep' }]);
  return createBatchPlanner(passengers)(event.Records, INGESTED_AT);
}

describe('deeply nested JSON', () => {
  it.each([
    ['arrays 5,000 deep, no big number', 5_000, nestedArrays, '1'],
    ['arrays 5,000 deep beside a bigint beyond 2^53', 5_000, nestedArrays, '9007199254740993'],
    ['objects 5,000 deep beside a bigint beyond 2^53', 5_000, nestedObjects, '9007199254740993'],
    ['arrays 100,000 deep beside a bigint beyond 2^53', 100_000, nestedArrays, '9007199254740993'],
  ])('accepts a valid record whose unknown field holds %s, and drops that field', (_case, depth, nest, passengerId) => {
    // Prepare
    const message = `{"passenger_id":${passengerId},"flight_id":1,"name":"deep","boarded_at":"2025-08-02T03:00:00Z","extra":${nest(depth)}}`;

    // Act
    const result = plan(message);

    // Assert
    expect(result.counts).toMatchObject({ received: 1, accepted: 1, rejected: 0, droppedFields: 1 });
    const raw = result.objects.find((object) => object.kind === 'raw');
    const rows = linesOf(raw);
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toHaveProperty('extra');
    expect(gunzipSync(raw?.body ?? new Uint8Array()).toString('utf8')).toContain(`{"passenger_id":${passengerId},`);
  });

  it('quotes a rejected record of an array message verbatim even when another record nests 100,000 deep', () => {
    // Prepare
    const bad = '{"passenger_id":"not a number","flight_id":1,"name":"bad","boarded_at":"2025-08-02T03:00:00Z"}';
    const deep = `{"passenger_id":9007199254740993,"flight_id":1,"name":"deep","boarded_at":"2025-08-02T03:00:00Z","extra":${nestedArrays(100_000)}}`;

    // Act
    const result = plan(`[${deep}, ${bad}]`);

    // Assert
    expect(result.counts).toMatchObject({ received: 2, accepted: 1, rejected: 1 });
    const rejected = linesOf(result.objects.find((object) => object.kind === 'rejected'));
    expect(rejected).toEqual([expect.objectContaining({ recordIndex: 1, original: bad })]);
  });

  it('parses 100,000 levels on the exact path and gives each array element its own text', () => {
    // Prepare
    const deep = nestedArrays(100_000);
    const text = `[12345678901234567890, ${deep}]`;

    // Act
    const value = parseExactJson(text) as unknown[];
    const texts = jsonArrayElementTexts(text);

    // Assert
    expect(value).toHaveLength(2);
    expect(texts).toEqual(['12345678901234567890', deep]);
  });
});
