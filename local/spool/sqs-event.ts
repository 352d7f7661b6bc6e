import { createHash } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT, LOCAL_REGION, queueArn } from '../topics';
import type { PendingMessage, SpooledMessage } from './spooled-message';

function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The SQS message id of a spooled message: stable across redeliveries, like the id SQS keeps for a message. */
export function sqsMessageIdOf(snsMessageId: string): string {
  return uuidFrom(`sqs:${snsMessageId}`);
}

/** The JSON body SNS puts into SQS for a subscription without raw message delivery. */
export function snsEnvelopeOf(message: SpooledMessage, endpoint: string): string {
  const envelope: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    ...(message.subject === undefined ? {} : { Subject: message.subject }),
    Message: message.message,
    Timestamp: message.timestamp,
    SignatureVersion: '1',
    Signature: 'TG9jYWwgTGFrZWxpbmUgbWVzc2FnZXMgYXJlIG5vdCBzaWduZWQu',
    SigningCertURL: `${endpoint}/SimpleNotificationService-local.pem`,
    UnsubscribeURL: `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${message.topicArn}:local`,
  };
  if (message.messageAttributes && Object.keys(message.messageAttributes).length > 0) {
    envelope.MessageAttributes = Object.fromEntries(
      Object.entries(message.messageAttributes).map(([name, attribute]) => [name, { Type: attribute.type, Value: attribute.value }]),
    );
  }
  return JSON.stringify(envelope);
}

/** Builds the event the SQS event source mapping would hand to the ingest function. */
export function buildSqsEvent(dataset: string, messages: readonly PendingMessage[], endpoint: string, receivedAt: Date): SQSEvent {
  const records: SQSRecord[] = messages.map(({ message, failedReceives }) => {
    const body = snsEnvelopeOf(message, endpoint);
    const sent = String(Date.parse(message.timestamp));
    return {
      messageId: sqsMessageIdOf(message.messageId),
      receiptHandle: Buffer.from(`${message.messageId}:${failedReceives + 1}`).toString('base64'),
      body,
      attributes: {
        ApproximateReceiveCount: String(failedReceives + 1),
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
