import { GetTopicAttributesCommand, ListTopicsCommand, PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsClient, startTestLocalMode } from './support/local-mode-fixture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const record = JSON.stringify({ passenger_id: 1, flight_id: 2, name: 'Ada', boarded_at: '2025-01-31T10:00:00Z' });

describe('local SNS endpoint with the AWS SDK v3 client', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let client: ReturnType<typeof snsClient>;
  let topicArn: string;

  beforeAll(async () => {
    mode = await startTestLocalMode();
    client = snsClient(mode.snsUrl);
    topicArn = mode.topicArn('passengers');
  });

  afterAll(async () => {
    client.destroy();
    await mode.dispose();
  });

  it('answers Publish with a UUID message id and a request id', async () => {
    // Act
    const answer = await client.send(new PublishCommand({ TopicArn: topicArn, Message: record }));

    // Assert
    expect(answer.MessageId).toMatch(UUID);
    expect(answer.$metadata.httpStatusCode).toBe(200);
    expect(answer.$metadata.requestId).toMatch(UUID);
  });

  it('answers PublishBatch per entry: message ids for good entries, InvalidParameter for an empty one', async () => {
    // Act
    const answer = await client.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: record },
          { Id: 'empty', Message: '' },
          { Id: 'three', Message: `[${record},${record}]` },
        ],
      }),
    );

    // Assert
    expect(answer.Successful?.map((entry) => entry.Id)).toEqual(['one', 'three']);
    for (const entry of answer.Successful ?? []) expect(entry.MessageId).toMatch(UUID);
    expect(answer.Failed).toEqual([
      { Id: 'empty', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
  });

  it('refuses a topic that does not exist with NotFound and HTTP 404', async () => {
    // Act
    const attempt = client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-nope', Message: record }));

    // Assert
    await expect(attempt).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses an empty message with InvalidParameter and HTTP 400', async () => {
    // Act
    const attempt = client.send(new PublishCommand({ TopicArn: topicArn, Message: '' }));

    // Assert
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });

  it('refuses a message over 256 KB with InvalidParameter', async () => {
    // Act
    const attempt = client.send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_145) }));

    // Assert
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' });
  });

  it('refuses a Publish with 11 message attributes with InvalidParameterValueException and accepts one with 10', async () => {
    // Prepare
    const attributes = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`a${index}`, { DataType: 'String', StringValue: 'v' }]));

    // Act
    const eleven = await client.send(new PublishCommand({ TopicArn: topicArn, Message: record, MessageAttributes: attributes(11) })).then(
      () => undefined,
      (error: unknown) => error,
    );
    const ten = await client.send(new PublishCommand({ TopicArn: topicArn, Message: record, MessageAttributes: attributes(10) }));

    // Assert
    expect(eleven).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Number of message attributes [11] exceeds the allowed maximum [10].',
      $metadata: { httpStatusCode: 400 },
    });
    expect(ten.MessageId).toMatch(UUID);
  });

  it('accepts a message of exactly 256 KB', async () => {
    // Act
    const answer = await client.send(new PublishCommand({ TopicArn: topicArn, Message: `"${'x'.repeat(262_142)}"` }));

    // Assert
    expect(answer.MessageId).toMatch(UUID);
  });

  it.each([
    [
      'eleven entries',
      Array.from({ length: 11 }, (_, index) => ({ Id: `e${index}`, Message: record })),
      'TooManyEntriesInBatchRequestException',
    ],
    [
      'two entries with one id',
      [
        { Id: 'same', Message: record },
        { Id: 'same', Message: record },
      ],
      'BatchEntryIdsNotDistinctException',
    ],
    ['an id with a space', [{ Id: 'not valid', Message: record }], 'InvalidBatchEntryIdException'],
    [
      'messages over 256 KB together',
      [
        { Id: 'a', Message: 'x'.repeat(200_000) },
        { Id: 'b', Message: 'x'.repeat(100_000) },
      ],
      'BatchRequestTooLongException',
    ],
  ])('refuses a PublishBatch with %s', async (_case, entries, errorName) => {
    // Act
    const attempt = client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));

    // Assert
    await expect(attempt).rejects.toMatchObject({ name: errorName, $metadata: { httpStatusCode: 400 } });
  });

  it('lists one topic per dataset', async () => {
    // Act
    const answer = await client.send(new ListTopicsCommand({}));

    // Assert
    expect(answer.Topics).toEqual(
      mode.datasets.map((dataset) => ({ TopicArn: `arn:aws:sns:us-east-1:000000000000:lakeline-${dataset.name}` })),
    );
  });

  it('answers GetTopicAttributes for a known topic and NotFound for an unknown one', async () => {
    // Act
    const answer = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const unknown = client.send(new GetTopicAttributesCommand({ TopicArn: `${topicArn}-missing` }));

    // Assert
    expect(answer.Attributes).toMatchObject({ TopicArn: topicArn, Owner: '000000000000', DisplayName: 'lakeline-passengers' });
    await expect(unknown).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('refuses a form-encoded PublishBatch whose members skip a number with a 400 naming the missing member', async () => {
    // Prepare
    const body = new URLSearchParams({
      Action: 'PublishBatch',
      Version: '2010-03-31',
      TopicArn: topicArn,
      'PublishBatchRequestEntries.member.1.Id': 'one',
      'PublishBatchRequestEntries.member.1.Message': record,
      'PublishBatchRequestEntries.member.3.Id': 'three',
      'PublishBatchRequestEntries.member.3.Message': record,
    });

    // Act
    const response = await fetch(mode.snsUrl, { method: 'POST', body });
    const text = await response.text();

    // Assert
    expect(response.status).toBe(400);
    expect(text).toMatch(/<Code>InvalidParameter<\/Code><Message>Invalid parameter: PublishBatchRequestEntries\.member\.2 is missing/);
  });

  it('answers an unknown action in the AWS error format', async () => {
    // Act
    const response = await fetch(mode.snsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DeleteTopic&Version=2010-03-31',
    });
    const text = await response.text();

    // Assert
    expect(response.status).toBe(400);
    expect(text).toMatch(
      /<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
    );
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/);
  });
});

describe('local SNS endpoint with a client speaking awsJson1_0 (the JSON form newer SDKs may use)', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let client: SNSClient;

  beforeAll(async () => {
    mode = await startTestLocalMode();
    client = new SNSClient({
      endpoint: mode.snsUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      protocol: AwsJson1_0Protocol,
      protocolSettings: {
        defaultNamespace: 'com.amazonaws.sns',
        serviceTarget: 'AmazonSimpleNotificationService',
        awsQueryCompatible: true,
      },
    });
  });

  afterAll(async () => {
    client.destroy();
    await mode.dispose();
  });

  it('answers Publish and PublishBatch in JSON', async () => {
    // Act
    const single = await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: record }));
    const batch = await client.send(
      new PublishBatchCommand({
        TopicArn: mode.topicArn('passengers'),
        PublishBatchRequestEntries: [
          { Id: 'a', Message: record },
          { Id: 'b', Message: '' },
        ],
      }),
    );

    // Assert
    expect(single.MessageId).toMatch(UUID);
    expect(batch.Successful?.map((entry) => entry.Id)).toEqual(['a']);
    expect(batch.Failed).toEqual([{ Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
  });

  it('answers an unknown topic with NotFound', async () => {
    // Act
    const attempt = client.send(new PublishCommand({ TopicArn: `${mode.topicArn('passengers')}-x`, Message: record }));

    // Assert
    await expect(attempt).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('lists the topics and their attributes', async () => {
    // Act
    const topics = await client.send(new ListTopicsCommand({}));
    const attributes = await client.send(new GetTopicAttributesCommand({ TopicArn: mode.topicArn('passengers') }));

    // Assert
    expect(topics.Topics).toContainEqual({ TopicArn: mode.topicArn('passengers') });
    expect(attributes.Attributes?.TopicArn).toBe(mode.topicArn('passengers'));
  });
});
