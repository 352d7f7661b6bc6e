import { createHash } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { snsNotificationBody } from '../../lambdas/core/sns-envelope';
import { LOCAL_ACCOUNT, LOCAL_REGION, queueArn } from '../topics';
import type { QueuedMessage } from './spooled-message';

function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The SQS message id of a spooled message: stable across redeliveries, like the id SQS keeps for a message. */
export function sqsMessageIdOf(snsMessageId: string): string {
  return uuidFrom(`sqs:${snsMessageId}`);
}

/** Builds the event the SQS event source mapping would hand to the ingest function; each message carries the count of this receive. */
export function buildSqsEvent(dataset: string, messages: readonly QueuedMessage[], receivedAt: Date): SQSEvent {
  const records: SQSRecord[] = messages.map(({ message, receiveCount }) => {
    const body = snsNotificationBody({
      messageId: message.messageId,
      topicArn: message.topicArn,
      message: message.message,
      subject: message.subject,
      timestamp: new Date(message.timestamp),
      messageAttributes: message.messageAttributes,
    });
    const sent = String(Date.parse(message.timestamp));
    return {
      messageId: sqsMessageIdOf(message.messageId),
      receiptHandle: Buffer.from(`${message.messageId}:${receiveCount}`).toString('base64'),
      body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: sent,
        SenderId: LOCAL_ACCOUNT,
        ApproximateFirstReceiveTimestamp: String(receivedAt.getTime()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn(dataset),
      awsRegion: LOCAL_REGION,
    };
  });
  return { Records: records };
}
