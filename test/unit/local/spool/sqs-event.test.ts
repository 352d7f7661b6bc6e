import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../../../../local/spool/spooled-message';
import { buildSqsEvent, sqsMessageIdOf } from '../../../../local/spool/sqs-event';

const SNS_ID = '6a1f0c2e-0000-4000-8000-000000000001';
const queued = (receiveCount: number, extra: Partial<QueuedMessage['message']> = {}): QueuedMessage => ({
  message: {
    messageId: SNS_ID,
    topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
    message: '{"a":1}',
    timestamp: '2025-06-06T06:06:06.000Z',
    ...extra,
  },
  receiveCount,
});

describe('sqs event of a local delivery', () => {
  it('derives a stable version-4-shaped SQS message id from the SNS message id', () => {
    // Prepare
    const other = '6a1f0c2e-0000-4000-8000-000000000002';

    // Act
    const ids = [sqsMessageIdOf(SNS_ID), sqsMessageIdOf(SNS_ID), sqsMessageIdOf(other)];

    // Assert
    expect(ids[0]).toBe('39e44ea1-79a8-4875-ade1-05b97930f35c');
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('shapes each message as the SQS record the event source mapping hands to the ingest function', () => {
    // Prepare
    const entry = queued(3, { subject: 'hello', messageAttributes: { kind: { type: 'String', value: 'x' } } });

    // Act
    const event = buildSqsEvent('passengers', [entry], new Date('2025-06-07T00:00:00.000Z'));

    // Assert
    const body = JSON.stringify({
      Type: 'Notification',
      MessageId: SNS_ID,
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
      Subject: 'hello',
      Message: '{"a":1}',
      Timestamp: '2025-06-06T06:06:06.000Z',
      SignatureVersion: '1',
      Signature: 'local',
      SigningCertURL: 'https://sns.us-east-1.amazonaws.com/local.pem',
      UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: { kind: { Type: 'String', Value: 'x' } },
    });
    expect(event).toEqual({
      Records: [
        {
          messageId: '39e44ea1-79a8-4875-ade1-05b97930f35c',
          receiptHandle: Buffer.from(`${SNS_ID}:3`).toString('base64'),
          body,
          attributes: {
            ApproximateReceiveCount: '3',
            SentTimestamp: '1749189966000',
            SenderId: '000000000000',
            ApproximateFirstReceiveTimestamp: '1749254400000',
          },
          messageAttributes: {},
          md5OfBody: '9e1b2aa7a08934140ef19ecd6f6f2b4a',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lakeline-passengers',
          awsRegion: 'us-east-1',
        },
      ],
    });
    expect(createHash('md5').update(body).digest('hex')).toBe('9e1b2aa7a08934140ef19ecd6f6f2b4a');
  });

  it('gives every receive of a message the same message id but its own receive count and receipt handle', async () => {
    // Prepare
    const { buildSqsEvent: build } = await import('../../../../local/spool/sqs-event');

    // Act
    const event = build('passengers', [queued(1), queued(2)], new Date(0));

    // Assert
    expect(event.Records.map((record) => [record.messageId, record.attributes.ApproximateReceiveCount, record.receiptHandle])).toEqual([
      ['39e44ea1-79a8-4875-ade1-05b97930f35c', '1', Buffer.from(`${SNS_ID}:1`).toString('base64')],
      ['39e44ea1-79a8-4875-ade1-05b97930f35c', '2', Buffer.from(`${SNS_ID}:2`).toString('base64')],
    ]);
  });
});
