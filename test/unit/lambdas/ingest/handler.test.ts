import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand, type PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { S3ObjectStore } from '../../../../lambdas/adapters/s3-object-store';
import { IngestMetric } from '../../../../lambdas/core/telemetry';
import { createIngestHandler } from '../../../../lambdas/ingest/handler';
import { snsEnvelope, sqsEventOf } from '../../../fixtures/sqs-events';

const BUCKET = 'lake-bucket';
const s3 = mockClient(S3Client);
const silentLogger = () => new Logger({ logLevel: 'SILENT' });

afterEach(() => {
  s3.reset();
  vi.restoreAllMocks();
});

function handlerWith(overrides: { metrics?: Metrics; logger?: Logger; now?: () => Date } = {}) {
  return createIngestHandler({
    store: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), BUCKET),
    dataset: passengers,
    logger: overrides.logger ?? silentLogger(),
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    now: overrides.now ?? (() => new Date('2025-02-10T08:00:00.000Z')),
  });
}

function passenger(id: number, boardedAt: string): Record<string, unknown> {
  return { passenger_id: id, flight_id: 7, name: `P${id}`, boarded_at: boardedAt };
}

/** Three messages: m-0 (Jan 30), m-1 (Jan 30 and Jan 31), m-2 (Jan 31 and a bad record). */
function mixedEvent() {
  return sqsEventOf([
    { body: snsEnvelope(passenger(0, '2025-01-30T10:00:00Z'), { messageId: 'm-0' }), messageId: 'q-0' },
    {
      body: snsEnvelope([passenger(1, '2025-01-30T11:00:00Z'), passenger(2, '2025-01-31T11:00:00Z')], { messageId: 'm-1' }),
      messageId: 'q-1',
    },
    { body: snsEnvelope([passenger(3, '2025-01-31T12:00:00Z'), { passenger_id: 'x' }], { messageId: 'm-2' }), messageId: 'q-2' },
  ]);
}

function allPutInputs(): PutObjectCommandInput[] {
  return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

/** The puts of lake data: raw and rejected objects, not compaction requests. */
function putInputs(): PutObjectCommandInput[] {
  return allPutInputs().filter((input) => !input.Key?.startsWith('compaction-requests/'));
}

function requestKeys(): Array<string | undefined> {
  return allPutInputs()
    .filter((input) => input.Key?.startsWith('compaction-requests/'))
    .map((input) => input.Key);
}

function objectIdOf(key: string | undefined): string | undefined {
  return /\/([0-9a-f]{32})\.json\.gz$/.exec(key ?? '')?.[1];
}

function bodyLines(input: PutObjectCommandInput | undefined): Array<Record<string, unknown>> {
  const body = input?.Body as Uint8Array;
  return gunzipSync(body)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createIngestHandler', () => {
  it('puts one gzip NDJSON object per partition and one for the rejected records', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});

    // Act
    const response = await handlerWith()(mixedEvent());

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    const inputs = putInputs();
    expect(inputs.map((input) => input.Key?.replace(/[0-9a-f]{32}/, '<id>'))).toEqual([
      'raw/passengers/dt=2025-01-30/<id>.json.gz',
      'raw/passengers/dt=2025-01-31/<id>.json.gz',
      'rejected/passengers/dt=2025-01-31/<id>.json.gz',
    ]);
    for (const input of inputs) {
      expect(input).toMatchObject({ Bucket: BUCKET, ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' });
    }
    expect(bodyLines(inputs[0]).map((row) => row.passenger_id)).toEqual([0, 1]);
    expect(bodyLines(inputs[1]).map((row) => row.passenger_id)).toEqual([2, 3]);
    expect(bodyLines(inputs[2])).toEqual([expect.objectContaining({ messageId: 'm-2', recordIndex: 1, original: '{"passenger_id":"x"}' })]);
  });

  it('returns exactly the messages of an object whose put failed as batch item failures', async () => {
    // Prepare
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key?.startsWith('raw/passengers/dt=2025-01-31/')) throw new Error('SlowDown');
      return {};
    });

    const logger = silentLogger();
    const error = vi.spyOn(logger, 'error');

    // Act
    const response = await handlerWith({ logger })(mixedEvent());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'q-1' }, { itemIdentifier: 'q-2' }]);
    expect(putInputs()).toHaveLength(3);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('Could not write'),
      expect.objectContaining({ key: expect.stringContaining('raw/passengers/dt=2025-01-31/'), sqsMessageIds: ['q-1', 'q-2'] }),
    );
  });

  it('fails only the messages with rejected records when the rejected object cannot be written', async () => {
    // Prepare
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key?.startsWith('rejected/')) throw new Error('AccessDenied');
      return {};
    });

    // Act
    const response = await handlerWith()(mixedEvent());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'q-2' }]);
  });

  it('writes the same keys when the batch is delivered again', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const handler = handlerWith();

    // Act
    await handler(mixedEvent());
    const firstKeys = putInputs().map((input) => input.Key);
    s3.resetHistory();
    await handler(mixedEvent());

    // Assert
    expect(putInputs().map((input) => input.Key)).toEqual(firstKeys);
  });

  it('succeeds without retrying a batch of only bad records', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const event = sqsEventOf([snsEnvelope('not json'), snsEnvelope({ passenger_id: 1 })]);

    // Act
    const response = await handlerWith()(event);

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(putInputs().map((input) => input.Key?.split('/')[0])).toEqual(['rejected']);
    expect(bodyLines(putInputs()[0])).toHaveLength(2);
  });

  it('logs the counts of the batch, which add up, with the message ids', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const logger = silentLogger();
    const info = vi.spyOn(logger, 'info');

    // Act
    await handlerWith({ logger })(mixedEvent());

    // Assert
    expect(info).toHaveBeenCalledWith(
      'Ingest batch',
      expect.objectContaining({
        received: 5,
        accepted: 4,
        rejected: 1,
        objects: 3,
        objectsWritten: 3,
        failedMessages: 0,
        messageIds: ['m-0', 'm-1', 'm-2'],
      }),
    );
  });

  it('emits the ingest metrics with the dataset dimension', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const metrics = new Metrics({ namespace: 'Lakeline', serviceName: 'ingest' });
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const addDimension = vi.spyOn(metrics, 'addDimension');
    const event = sqsEventOf([snsEnvelope({ ...passenger(1, '2025-01-30T10:00:00Z'), extra: true }), snsEnvelope('[1]')]);

    // Act
    await handlerWith({ metrics })(event);

    // Assert
    expect(addDimension).toHaveBeenCalledWith('dataset', 'passengers');
    const recorded = Object.fromEntries(addMetric.mock.calls.map(([name, , value]) => [name, value]));
    expect(recorded).toMatchObject({
      [IngestMetric.RecordsAccepted]: 1,
      [IngestMetric.RecordsRejected]: 1,
      [IngestMetric.ObjectsWritten]: 2,
      [IngestMetric.UnknownFieldsDropped]: 1,
    });
    expect(recorded[IngestMetric.BytesWritten]).toBeGreaterThan(0);
    expect(recorded[IngestMetric.BatchDuration]).toBeGreaterThanOrEqual(0);
    expect(publish).toHaveBeenCalledTimes(1);
  });
  it('leaves a compaction request beside a raw object of a day that had ended, none for today or for rejected records', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});

    // Act
    const response = await handlerWith({ now: () => new Date('2025-01-31T08:00:00.000Z') })(mixedEvent());

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    const rawJan30 = putInputs().find((input) => input.Key?.startsWith('raw/passengers/dt=2025-01-30/'));
    expect(requestKeys()).toEqual([`compaction-requests/passengers/dt=2025-01-30/${objectIdOf(rawJan30?.Key)}`]);
    const request = allPutInputs().find((input) => input.Key?.startsWith('compaction-requests/'));
    expect(request).toMatchObject({ Bucket: BUCKET, Body: new Uint8Array(0) });
    expect(allPutInputs().slice(-1)).toEqual([request]);
  });

  it('reads the clock for the compaction request once the raw object is stored, so a write crossing midnight leaves one', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const clock = [new Date('2025-01-31T23:59:59.900Z'), new Date('2025-02-01T00:00:00.100Z')];
    const event = sqsEventOf([snsEnvelope(passenger(1, '2025-01-31T22:00:00Z'), { messageId: 'm-1' })]);

    // Act
    await handlerWith({ now: () => clock.shift() ?? new Date('2025-02-01T00:00:01Z') })(event);

    // Assert
    const raw = putInputs()[0];
    expect(requestKeys()).toEqual([`compaction-requests/passengers/dt=2025-01-31/${objectIdOf(raw?.Key)}`]);
  });

  it('fails the messages of a raw object whose compaction request could not be written', async () => {
    // Prepare
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key?.startsWith('compaction-requests/passengers/dt=2025-01-30/')) throw new Error('AccessDenied');
      return {};
    });
    const logger = silentLogger();
    const error = vi.spyOn(logger, 'error');

    // Act
    const response = await handlerWith({ logger })(mixedEvent());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'q-0' }, { itemIdentifier: 'q-1' }]);
    expect(requestKeys().map((key) => key?.split('/')[2])).toEqual(['dt=2025-01-30', 'dt=2025-01-31']);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('Could not write a compaction request'),
      expect.objectContaining({
        key: expect.stringContaining('compaction-requests/passengers/dt=2025-01-30/'),
        sqsMessageIds: ['q-0', 'q-1'],
      }),
    );
  });

  it('leaves no compaction request for a raw object that could not be written', async () => {
    // Prepare
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key?.startsWith('raw/passengers/dt=2025-01-31/')) throw new Error('SlowDown');
      return {};
    });

    // Act
    const response = await handlerWith()(mixedEvent());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'q-1' }, { itemIdentifier: 'q-2' }]);
    expect(requestKeys().map((key) => key?.split('/')[2])).toEqual(['dt=2025-01-30']);
  });
});
