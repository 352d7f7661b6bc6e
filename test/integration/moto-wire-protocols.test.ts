import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { S3ObjectStore } from '../../lambdas/adapters/s3-object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { toolAvailable } from '../support/external-tool';
import { type MotoServer, startMotoServer } from './moto-server';

/**
 * The ingest against moto's S3, SNS and SQS: SNS builds the envelope it delivers to SQS (rawMessageDelivery off) and S3
 * stores what the adapter sends, both over the services' real wire protocols, so the code is checked against a model
 * of AWS that this project did not write. moto proves nothing about IAM, Glue or Athena; those are checked elsewhere.
 */
describe.skipIf(!toolAvailable('moto_server', ['--help']))('ingest over moto S3, SNS and SQS', () => {
  let moto: MotoServer;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const clientConfig = () => ({ region, credentials, endpoint: moto.endpoint });

  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('stores an SNS-delivered record as gzip NDJSON under its partition key, readable back from S3', async () => {
    // Prepare
    const sns = new SNSClient(clientConfig());
    const sqs = new SQSClient(clientConfig());
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'lakeline-dev-passengers' }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'lakeline-dev-passengers' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
    const message = '{"passenger_id":9007199254740993,"flight_id":42,"name":"Ada","boarded_at":"2025-01-31T08:15:00Z"}';
    const published = await sns.send(new PublishCommand({ TopicArn, Message: message }));
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['All'] }),
    );
    const event: SQSEvent = {
      Records: (received.Messages ?? []).map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
          SenderId: m.Attributes?.SenderId ?? '',
          ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: Attributes?.QueueArn ?? '',
        awsRegion: region,
      })),
    };
    const ingest = createIngestHandler({ store: new S3ObjectStore(s3, 'lake'), dataset: passengers });

    // Act
    const response = await ingest(event);

    // Assert
    expect(event.Records).toHaveLength(1);
    expect(response.batchItemFailures).toEqual([]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'lake' }));
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
    expect(keys).toHaveLength(2);
    // The record's day had ended when it was stored, so the ingest also left a request to compact that day again.
    const [request, raw] = keys as [string, string];
    expect(raw).toMatch(/^raw\/passengers\/dt=2025-01-31\/[0-9a-f-]+\.json\.gz$/);
    expect(request).toBe(`compaction-requests/passengers/dt=2025-01-31/${raw.slice(raw.lastIndexOf('/') + 1, -'.json.gz'.length)}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: raw }));
    expect(object.ContentEncoding).toBe('gzip');
    const text = gunzipSync(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString('utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"passenger_id":9007199254740993');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      flight_id: 42,
      name: 'Ada',
      boarded_at: '2025-01-31 08:15:00.000',
      lakeline_message_id: published.MessageId,
      lakeline_record_index: 0,
    });
  }, 90_000);
});
