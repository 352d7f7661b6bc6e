import type { SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { defineDataset, PARTITION_FUTURE_TOLERANCE_DAYS } from '../../../../lambdas/core/dataset';
import { createBatchPlanner, type PlannedObject } from '../../../../lambdas/core/ingest-batch';
import { snsEnvelope, sqsEventOf, sqsEventOfMessages, sqsRecordOf } from '../../../fixtures/sqs-events';
import { checkProperty } from '../../../support/fast-check-seed';
import { gzipJsonLines } from '../../../support/gzip-lines';

const planBatch = createBatchPlanner(passengers);
const INGESTED_AT = new Date('2025-02-10T08:00:00.000Z');

function passenger(id: number, boardedAt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { passenger_id: id, flight_id: 7, name: `P${id}`, seat_number: '1A', boarded_at: boardedAt, ...extra };
}

function linesOf(object: PlannedObject | undefined): Array<Record<string, unknown>> {
  return gzipJsonLines(object?.body);
}

describe('createBatchPlanner', () => {
  it('writes one raw object per UTC partition date, with lineage on every row', () => {
    // Prepare
    const event = sqsEventOfMessages([
      passenger(1, '2025-01-31T23:30:00+00:00'),
      [passenger(2, '2025-02-01T01:30:00+02:00'), passenger(3, '2025-02-01T00:00:00Z')],
    ]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.objects.map((object) => [object.kind, object.dt, object.lineCount])).toEqual([
      ['raw', '2025-01-31', 2],
      ['raw', '2025-02-01', 1],
    ]);
    expect(plan.objects[0]?.key).toMatch(/^raw\/passengers\/dt=2025-01-31\/[0-9a-f]{32}\.json\.gz$/);
    expect(linesOf(plan.objects[0])).toEqual([
      expect.objectContaining({
        passenger_id: 1,
        boarded_at: '2025-01-31 23:30:00.000',
        lakeline_message_id: 'sns-0',
        lakeline_record_index: 0,
      }),
      expect.objectContaining({
        passenger_id: 2,
        boarded_at: '2025-01-31 23:30:00.000',
        lakeline_message_id: 'sns-1',
        lakeline_record_index: 0,
      }),
    ]);
    expect(linesOf(plan.objects[1])).toEqual([
      expect.objectContaining({
        passenger_id: 3,
        lakeline_message_id: 'sns-1',
        lakeline_record_index: 1,
        lakeline_ingested_at: '2025-02-10 08:00:00.000',
      }),
    ]);
    expect(plan.objects[0]?.sqsMessageIds).toEqual(['sqs-0', 'sqs-1']);
    expect(plan.objects[1]?.sqsMessageIds).toEqual(['sqs-1']);
  });

  it('stores the good records of an array and rejects the bad ones with their original text and reasons', () => {
    // Prepare
    const message =
      '[{"passenger_id": 1, "flight_id": 2, "name": "ok", "boarded_at": "2025-01-31T10:00:00Z"},\n {"passenger_id": "2", "name": null}]';
    const event = sqsEventOf([
      { body: snsEnvelope(message, { messageId: 'm-1', timestamp: new Date('2025-02-09T23:59:59.000Z') }), messageId: 'q-1' },
    ]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toMatchObject({ received: 2, accepted: 1, rejected: 1 });
    const rejected = plan.objects.find((object) => object.kind === 'rejected');
    expect(rejected?.key).toMatch(/^rejected\/passengers\/dt=2025-02-09\/[0-9a-f]{32}\.json\.gz$/);
    expect(linesOf(rejected)).toEqual([
      {
        messageId: 'm-1',
        recordIndex: 1,
        reasons: [
          { path: 'passenger_id', message: 'expected an integer (bigint), received string "2"' },
          { path: 'flight_id', message: 'required field is missing' },
          { path: 'name', message: 'required field is null' },
          { path: 'boarded_at', message: 'required field is missing' },
        ],
        original: '{"passenger_id": "2", "name": null}',
        receivedAt: '2025-02-09T23:59:59.000Z',
      },
    ]);
  });

  it('rejects a message that is not JSON as one line with a null record index', () => {
    // Prepare
    const event = sqsEventOf([snsEnvelope('this is not json', { messageId: 'm-1' })]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toMatchObject({ received: 1, accepted: 0, rejected: 1 });
    expect(linesOf(plan.objects[0])).toEqual([
      expect.objectContaining({ messageId: 'm-1', recordIndex: null, original: 'this is not json' }),
    ]);
    expect(linesOf(plan.objects[0])[0]?.reasons).toEqual([{ path: '$', message: expect.stringMatching(/^message is not valid JSON/) }]);
  });

  it('rejects an SQS body that is not an SNS envelope under its SQS message id, dated by its sent time', () => {
    // Prepare
    const event = sqsEventOf([{ body: '{"passenger_id": 1}', messageId: 'q-raw', sentTimestamp: new Date('2025-02-03T04:05:06.007Z') }]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.objects).toHaveLength(1);
    expect(plan.objects[0]?.key).toContain('rejected/passengers/dt=2025-02-03/');
    expect(plan.objects[0]?.sqsMessageIds).toEqual(['q-raw']);
    expect(linesOf(plan.objects[0])).toEqual([
      {
        messageId: 'q-raw',
        recordIndex: null,
        reasons: [{ path: '$', message: 'SQS body is not an SNS notification envelope' }],
        original: '{"passenger_id": 1}',
        receivedAt: '2025-02-03T04:05:06.007Z',
      },
    ]);
  });

  it('succeeds with nothing to write for an empty array message', () => {
    // Act
    const plan = planBatch(sqsEventOfMessages([[]]).Records, INGESTED_AT);

    // Assert
    expect(plan.objects).toEqual([]);
    expect(plan.counts).toMatchObject({ messages: 1, received: 0, accepted: 0, rejected: 0 });
  });

  it('accepts a message with a byte order mark and rejects a record that is a JSON string holding JSON', () => {
    // Prepare
    const record = JSON.stringify(passenger(1, '2025-01-31T10:00:00Z'));
    const event = sqsEventOf([
      snsEnvelope(`\uFEFF${record}`, { messageId: 'bom' }),
      snsEnvelope(JSON.stringify(record), { messageId: 'wrapped' }),
    ]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toMatchObject({ received: 2, accepted: 1, rejected: 1 });
    const rejected = linesOf(plan.objects.find((object) => object.kind === 'rejected'));
    expect(rejected).toEqual([expect.objectContaining({ messageId: 'wrapped', recordIndex: 0, original: JSON.stringify(record) })]);
    expect(rejected[0]?.reasons).toEqual([{ path: '$', message: expect.stringMatching(/^expected an object, received string/) }]);
  });

  it('stores a 256 KB message of unicode and emoji records intact', () => {
    // Prepare
    const records: Array<Record<string, unknown>> = [];
    let size = 2;
    for (let index = 0; size < 256 * 1024 - 400; index++) {
      const record = passenger(index, '2025-01-31T10:00:00Z', { name: `Zoë 李 🛫👩🏽‍✈️ ${index}` });
      size += Buffer.byteLength(JSON.stringify(record)) + 1;
      records.push(record);
    }
    const message = JSON.stringify(records);

    // Act
    const plan = planBatch(sqsEventOfMessages([message]).Records, INGESTED_AT);

    // Assert
    expect(Buffer.byteLength(message)).toBeGreaterThan(255 * 1024);
    expect(plan.counts).toMatchObject({ received: records.length, accepted: records.length, rejected: 0 });
    const names = linesOf(plan.objects[0]).map((row) => row.name);
    expect(names).toEqual(records.map((record) => record.name));
  });

  it('counts dropped unknown fields and does not store them', () => {
    // Act
    const plan = planBatch(sqsEventOfMessages([passenger(1, '2025-01-31T10:00:00Z', { loyalty: 'gold', extra: 1 })]).Records, INGESTED_AT);

    // Assert
    expect(plan.counts.droppedFields).toBe(2);
    expect(linesOf(plan.objects[0])[0]).not.toHaveProperty('loyalty');
  });

  it('counts an SNS message delivered twice in one batch once, and fails both copies with its object', () => {
    // Prepare
    const body = snsEnvelope(passenger(1, '2025-01-31T10:00:00Z'), { messageId: 'same' });
    const event = sqsEventOf([
      { body, messageId: 'q-1' },
      { body, messageId: 'q-2' },
    ]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toMatchObject({ messages: 2, duplicateMessages: 1, received: 1, accepted: 1 });
    expect(plan.objects[0]?.sqsMessageIds).toEqual(['q-1', 'q-2']);
  });

  it('gives the same keys and bodies when the same messages come again in another order', () => {
    // Prepare
    const bodies = [0, 1, 2].map((index) => ({
      body: snsEnvelope(passenger(index, `2025-01-3${index % 2}T10:00:00Z`), { messageId: `m-${index}` }),
      messageId: `q-${index}`,
    }));

    // Act
    const first = planBatch(sqsEventOf(bodies).Records, INGESTED_AT);
    const retried = planBatch(sqsEventOf([...bodies].reverse()).Records, new Date('2025-02-10T09:00:00.000Z'));

    // Assert
    expect(retried.objects.map((object) => object.key)).toEqual(first.objects.map((object) => object.key));
  });

  it('always has accepted + rejected = received, whatever the messages', async () => {
    // Prepare
    const anyRecord = fc.oneof(
      fc.record({
        passenger_id: fc.integer(),
        flight_id: fc.integer(),
        name: fc.string(),
        boarded_at: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      }),
      fc.anything(),
    );
    const anyMessage = fc.oneof(
      fc.array(anyRecord, { maxLength: 5 }).map((records) => JSON.stringify(records)),
      anyRecord.map((record) => JSON.stringify(record) ?? 'undefined'),
      fc.string(),
    );

    // Act / Assert
    await checkProperty(
      fc.property(fc.array(anyMessage, { maxLength: 6 }), (messages) => {
        const plan = planBatch(sqsEventOfMessages(messages).Records, INGESTED_AT);
        const lines = plan.objects.reduce((sum, object) => sum + object.lineCount, 0);
        expect(plan.counts.accepted + plan.counts.rejected).toBe(plan.counts.received);
        expect(lines).toBe(plan.counts.received);
      }),
      200,
    );
  });

  describe('partition bounds: only partitions the Glue table projects are written', () => {
    const RECEIVED_AT = new Date('2025-01-31T12:00:00.000Z');

    function planOne(boardedAt: string, dataset = passengers) {
      const event = sqsEventOf([
        { body: snsEnvelope(passenger(1, boardedAt), { messageId: 'm-1', timestamp: RECEIVED_AT }), messageId: 'q-1' },
      ]);
      return createBatchPlanner(dataset)(event.Records, INGESTED_AT);
    }

    it("accepts a record at the first instant of the dataset's partitionStart", () => {
      // Act
      const plan = planOne('2024-01-01T00:00:00.000Z');

      // Assert
      expect(plan.counts).toMatchObject({ accepted: 1, rejected: 0 });
      expect(plan.objects[0]?.key).toContain('raw/passengers/dt=2024-01-01/');
    });

    it("rejects a record one millisecond before the dataset's partitionStart, naming the partition column and dt", () => {
      // Act
      const plan = planOne('2023-12-31T23:59:59.999Z');

      // Assert
      expect(plan.counts).toMatchObject({ accepted: 0, rejected: 1 });
      const [line] = linesOf(plan.objects[0]);
      expect(plan.objects[0]?.key).toContain('rejected/passengers/dt=2025-01-31/');
      expect(line?.reasons).toEqual([
        {
          path: 'boarded_at',
          message: expect.stringMatching(/\(partition dt=2023-12-31\) is before the dataset's first partition 2024-01-01/),
        },
      ]);
    });

    it('judges the lower bound on the UTC date, so a local time that is already the start date in UTC is accepted', () => {
      // Act
      const plan = planOne('2023-12-31T23:30:00-01:00');

      // Assert
      expect(plan.counts).toMatchObject({ accepted: 1, rejected: 0 });
    });

    it(`accepts a record exactly ${PARTITION_FUTURE_TOLERANCE_DAYS} day after the message was received`, () => {
      // Act
      const plan = planOne('2025-02-01T12:00:00.000Z');

      // Assert
      expect(plan.counts).toMatchObject({ accepted: 1, rejected: 0 });
      expect(plan.objects[0]?.key).toContain('raw/passengers/dt=2025-02-01/');
    });

    it('rejects a record one millisecond later than that, naming the partition column, dt and the receive time', () => {
      // Act
      const plan = planOne('2025-02-01T12:00:00.001Z');

      // Assert
      expect(plan.counts).toMatchObject({ accepted: 0, rejected: 1 });
      const [line] = linesOf(plan.objects[0]);
      expect(line?.reasons).toEqual([
        {
          path: 'boarded_at',
          message: expect.stringMatching(
            /2025-02-01 12:00:00\.001 \(partition dt=2025-02-01\) is more than 1 day after .*2025-01-31T12:00:00\.000Z/,
          ),
        },
      ]);
      expect(line?.receivedAt).toBe('2025-01-31T12:00:00.000Z');
    });

    it('rejects records from 1999 and 2031 that Athena would never read', () => {
      // Act
      const plans = [planOne('1999-12-31T08:00:00Z'), planOne('2031-01-01T08:00:00Z')];

      // Assert
      for (const plan of plans) {
        expect(plan.counts).toMatchObject({ accepted: 0, rejected: 1 });
        expect(plan.objects.map((object) => object.kind)).toEqual(['rejected']);
      }
    });

    it('bounds a date partition column by its day: the day after the receive date is inside, two days after is not', () => {
      // Prepare
      const byDay = defineDataset({
        name: 'by_day',
        description: 'partitioned by a date column',
        columns: { boarded_at: { type: 'date', description: 'day', required: true } },
        partitionColumn: 'boarded_at',
      });

      // Act
      const [nextDay, dayAfter] = [planOne('2025-02-01', byDay), planOne('2025-02-02', byDay)];

      // Assert
      expect(nextDay.counts).toMatchObject({ accepted: 1, rejected: 0 });
      expect(dayAfter.counts).toMatchObject({ accepted: 0, rejected: 1 });
    });

    it("takes the tolerance from the dataset's partitionFutureDays", () => {
      // Prepare
      const patient = defineDataset({
        name: 'patient',
        description: 'records may be dated a week ahead',
        columns: { boarded_at: { type: 'timestamp', description: 'when', required: true } },
        partitionColumn: 'boarded_at',
        partitionFutureDays: 7,
      });

      // Act
      const [inside, outside] = [planOne('2025-02-07T12:00:00.000Z', patient), planOne('2025-02-07T12:00:00.001Z', patient)];

      // Assert
      expect(inside.counts).toMatchObject({ accepted: 1, rejected: 0 });
      expect(outside.counts).toMatchObject({ accepted: 0, rejected: 1 });
    });
  });
});

describe('createBatchPlanner receive times and plan', () => {
  const UNREADABLE = JSON.stringify({ Type: 'Notification', MessageId: 'm-1', Message: 'not json' });

  function receivedAtOf(record: SQSRecord): unknown {
    const plan = planBatch([record], INGESTED_AT);
    return linesOf(plan.objects[0])[0]?.receivedAt;
  }

  it('dates a message by its SNS publish time rather than its SQS sent time', () => {
    // Prepare
    const body = snsEnvelope('not json', { messageId: 'm-1', timestamp: new Date('2025-02-04T01:02:03.004Z') });
    const record = sqsRecordOf({ body, sentTimestamp: new Date('2025-02-05T00:00:00.000Z') });

    // Act / Assert
    expect(receivedAtOf(record)).toBe('2025-02-04T01:02:03.004Z');
  });

  it('dates a message whose envelope has no timestamp by its SQS sent time', () => {
    // Prepare
    const record = sqsRecordOf({ body: UNREADABLE, sentTimestamp: new Date('2025-02-03T04:05:06.007Z') });

    // Act
    const plan = planBatch([record], INGESTED_AT);

    // Assert
    expect(plan.objects.map((object) => object.key.slice(0, 33))).toEqual(['rejected/passengers/dt=2025-02-03']);
    expect(linesOf(plan.objects[0])[0]?.receivedAt).toBe('2025-02-03T04:05:06.007Z');
  });

  it.each([
    ['a zero sent time', (record: SQSRecord): SQSRecord => ({ ...record, attributes: { ...record.attributes, SentTimestamp: '0' } })],
    [
      'a sent time that is no number',
      (record: SQSRecord): SQSRecord => ({ ...record, attributes: { ...record.attributes, SentTimestamp: 'soon' } }),
    ],
    ['no attributes', (record: SQSRecord): SQSRecord => ({ ...record, attributes: undefined as unknown as SQSRecord['attributes'] })],
  ])('dates a message with no SNS timestamp and %s by the ingest time', (_case, alter) => {
    // Prepare
    const record = alter(sqsRecordOf({ body: UNREADABLE }));

    // Act / Assert
    expect(receivedAtOf(record)).toBe('2025-02-10T08:00:00.000Z');
  });

  it('plans the raw objects, by date, before the rejected ones, with exact counts, line counts and message ids', () => {
    // Prepare
    const event = sqsEventOf([
      {
        body: snsEnvelope([passenger(1, '2025-01-31T10:00:00Z', { extra: 1 }), { name: 'no ids' }], { messageId: 'm-1' }),
        messageId: 'q-1',
      },
      { body: snsEnvelope(passenger(2, '2025-01-30T10:00:00Z', { a: 1, b: 2 }), { messageId: 'm-2' }), messageId: 'q-2' },
      { body: 'raw body', messageId: 'q-3' },
    ]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toEqual({ messages: 3, duplicateMessages: 0, received: 4, accepted: 2, rejected: 2, droppedFields: 3 });
    expect(plan.messageIds).toEqual(['m-1', 'm-2', 'q-3']);
    expect(plan.objects.map(({ kind, dt, lineCount, sqsMessageIds }) => ({ kind, dt, lineCount, sqsMessageIds }))).toEqual([
      { kind: 'raw', dt: '2025-01-30', lineCount: 1, sqsMessageIds: ['q-2'] },
      { kind: 'raw', dt: '2025-01-31', lineCount: 1, sqsMessageIds: ['q-1'] },
      { kind: 'rejected', dt: '2025-01-31', lineCount: 2, sqsMessageIds: ['q-1', 'q-3'] },
    ]);
    expect(plan.objects.map((object) => object.key.split('/').slice(0, 3).join('/'))).toEqual([
      'raw/passengers/dt=2025-01-30',
      'raw/passengers/dt=2025-01-31',
      'rejected/passengers/dt=2025-01-31',
    ]);
    expect(linesOf(plan.objects[2]).map((line) => [line.messageId, line.recordIndex, line.original])).toEqual([
      ['m-1', 1, '{"name":"no ids"}'],
      ['q-3', null, 'raw body'],
    ]);
  });

  it('counts no dropped fields of a record refused for its partition', () => {
    // Prepare
    const event = sqsEventOfMessages([passenger(1, '1999-01-01T00:00:00Z', { extra: 1 })]);

    // Act
    const plan = planBatch(event.Records, INGESTED_AT);

    // Assert
    expect(plan.counts).toEqual({ messages: 1, duplicateMessages: 0, received: 1, accepted: 0, rejected: 1, droppedFields: 0 });
    expect(linesOf(plan.objects[0])[0]?.reasons).toEqual([
      {
        path: 'boarded_at',
        message:
          "1999-01-01 00:00:00.000 (partition dt=1999-01-01) is before the dataset's first partition 2024-01-01, which the table does not project",
      },
    ]);
  });
});
