import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAllRows, readLakeLines, snsClient, startTestLocalMode } from './support/local-mode-fixture';

interface Passenger {
  passenger_id: number | string;
  flight_id: number;
  name: string;
  seat_number?: string | null;
  boarded_at: string;
}

const passenger = (id: number, hour: number, extra: Partial<Passenger> = {}): Passenger => ({
  passenger_id: id,
  flight_id: 700 + (id % 3),
  name: `Passenger ${id}`,
  seat_number: `${id % 30}C`,
  boarded_at: `2025-03-10T${String(hour).padStart(2, '0')}:15:30.250Z`,
  ...extra,
});

/** The row the API answers for a stored passenger. */
const rowOf = (record: Passenger) => ({ ...record, seat_number: record.seat_number ?? null });

describe('publishing through the SNS endpoint and reading back through the HTTP API', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let client: ReturnType<typeof snsClient>;
  const valid: Passenger[] = [];
  const bad: { messageId: string; recordIndex: number | null; original: string; path: string }[] = [];
  let singleMessageId = '';

  beforeAll(async () => {
    mode = await startTestLocalMode();
    client = snsClient(mode.snsUrl);
    const topicArn = mode.topicArn('passengers');

    // One record as a JSON object.
    const single = passenger(1, 8);
    const singleAnswer = await client.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(single) }));
    singleMessageId = singleAnswer.MessageId ?? '';
    valid.push(single);

    // A JSON array of records, one of them invalid (no name) and one with an exact 64-bit id and a zone offset.
    const arrayGood = [passenger(2, 9), passenger(3, 23, { seat_number: undefined })];
    const bigText =
      '{"passenger_id":9223372036854775807,"flight_id":701,"name":"Big Id","seat_number":"1A","boarded_at":"2025-03-11T01:30:00+02:00"}';
    const missingName = '{"passenger_id":4,"flight_id":702,"boarded_at":"2025-03-10T10:00:00Z"}';
    const arrayAnswer = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: `[${JSON.stringify(arrayGood[0])},${missingName},${JSON.stringify(arrayGood[1])},${bigText}]`,
      }),
    );
    valid.push(...arrayGood, {
      passenger_id: '9223372036854775807',
      flight_id: 701,
      name: 'Big Id',
      seat_number: '1A',
      boarded_at: '2025-03-10T23:30:00.000Z',
    });
    bad.push({ messageId: arrayAnswer.MessageId ?? '', recordIndex: 1, original: missingName, path: 'name' });

    // PublishBatch mixing singles, arrays and malformed messages.
    const batchGood = [passenger(5, 11), passenger(6, 12), passenger(7, 13)];
    const notJson = '{"passenger_id": 8, "flight_id": ';
    const wrongType = '{"passenger_id":9,"flight_id":"seven hundred","name":"Wrong Type","boarded_at":"2025-03-10T10:00:00Z"}';
    const badTimestamp = '{"passenger_id":10,"flight_id":703,"name":"Bad Time","boarded_at":"yesterday"}';
    const entries = [
      { Id: 'single', Message: JSON.stringify(batchGood[0]) },
      { Id: 'array', Message: JSON.stringify([batchGood[1], batchGood[2]]) },
      { Id: 'notjson', Message: notJson },
      { Id: 'wrongtype', Message: wrongType },
      { Id: 'badtime', Message: `[${badTimestamp}]` },
    ];
    const batchAnswer = await client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));
    const idOf = (entryId: string) => batchAnswer.Successful?.find((entry) => entry.Id === entryId)?.MessageId ?? '';
    valid.push(...batchGood);
    bad.push(
      { messageId: idOf('notjson'), recordIndex: null, original: notJson, path: '$' },
      { messageId: idOf('wrongtype'), recordIndex: 0, original: wrongType, path: 'flight_id' },
      { messageId: idOf('badtime'), recordIndex: 0, original: badTimestamp, path: 'boarded_at' },
    );

    // Enough records for several pages on another day.
    const many = Array.from({ length: 250 }, (_, index) => ({ ...passenger(1000 + index, 14), boarded_at: '2025-04-01T14:00:00.000Z' }));
    for (let start = 0; start < many.length; start += 50) {
      const chunk = many.slice(start, start + 50);
      await client.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [0, 1].map((part) => ({
            Id: `p${part}`,
            Message: JSON.stringify(chunk.slice(part * 25, part * 25 + 25)),
          })),
        }),
      );
    }

    await mode.flush();
  });

  afterAll(async () => {
    client.destroy();
    await mode.dispose();
  });

  it('returns every valid record with its types', async () => {
    // Act
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-03-10', to: '2025-03-11', limit: '1000' });

    // Assert
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.passenger_id).localeCompare(String(b.passenger_id));
    expect([...rows].sort(byId)).toEqual(valid.map((record) => rowOf(record) as Record<string, unknown>).sort(byId));
  });

  it('keeps every bad record in the rejected area with its original text and a reason', async () => {
    // Act
    const lines = await readLakeLines(mode.lakeDir, 'rejected/passengers');

    // Assert
    expect(lines.map((line) => line.original).sort()).toEqual(bad.map((entry) => entry.original).sort());
    for (const expected of bad) {
      const line = lines.find((candidate) => candidate.messageId === expected.messageId && candidate.original === expected.original);
      expect(line?.recordIndex, expected.original).toBe(expected.recordIndex);
      expect((line?.reasons as { path: string }[] | undefined)?.map((reason) => reason.path)).toEqual([expected.path]);
    }
  });

  it('accounts for every published record exactly once: stored plus rejected equals published', async () => {
    // Act
    const stored = await readLakeLines(mode.lakeDir, 'raw/passengers');
    const rejected = await readLakeLines(mode.lakeDir, 'rejected/passengers');

    // Assert
    expect(stored.length).toBe(valid.length + 250);
    expect(stored.length + rejected.length).toBe(valid.length + bad.length + 250);
  });

  it('carries the SNS message id into the lineage columns', async () => {
    // Act
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', {
      from: '2025-03-10',
      to: '2025-03-10',
      passenger_id: '1',
      columns: 'passenger_id,lakeline_message_id,lakeline_record_index',
    });

    // Assert
    expect(rows).toEqual([{ passenger_id: 1, lakeline_message_id: singleMessageId, lakeline_record_index: 0 }]);
  });

  it('pages through more rows than one page holds without losing or repeating any', async () => {
    // Act
    const { rows, pages } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-04-01', to: '2025-04-01', limit: '100' });

    // Assert
    expect(pages).toBe(3);
    expect(new Set(rows.map((row) => row.passenger_id)).size).toBe(250);
  });

  it('filters on a filterable column', async () => {
    // Act
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-03-10', to: '2025-03-11', flight_id: '701' });

    // Assert
    expect(rows.map((row) => row.passenger_id).sort()).toEqual(
      valid
        .filter((record) => record.flight_id === 701)
        .map((record) => record.passenger_id)
        .sort(),
    );
  });
});
