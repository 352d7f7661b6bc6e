import { describe, expect, it } from 'vitest';
import { parseSnsEnvelope, snsNotificationBody } from '../../../../lambdas/core/sns-envelope';

describe('parseSnsEnvelope', () => {
  it('reads the fields of a notification SNS delivered to SQS', () => {
    // Prepare
    const body = snsNotificationBody({
      messageId: 'm-1',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
      message: '{"a":1}',
      timestamp: new Date('2025-01-31T23:59:59.999Z'),
    });

    // Act
    const envelope = parseSnsEnvelope(body);

    // Assert
    expect(envelope).toEqual({
      messageId: 'm-1',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
      message: '{"a":1}',
      timestamp: '2025-01-31T23:59:59.999Z',
    });
  });

  it('normalises a timestamp in another ISO form to UTC and ignores an invalid one', () => {
    // Act
    const shifted = parseSnsEnvelope('{"Type":"Notification","MessageId":"m","Message":"","Timestamp":"2025-02-01T01:00:00+02:00"}');
    const invalid = parseSnsEnvelope('{"Type":"Notification","MessageId":"m","Message":"","Timestamp":"soon"}');

    // Assert
    expect(shifted?.timestamp).toBe('2025-01-31T23:00:00.000Z');
    expect(invalid?.timestamp).toBeUndefined();
  });

  it.each([
    ['not JSON', 'hello'],
    ['a raw record (raw message delivery)', '{"passenger_id": 1}'],
    ['a subscription confirmation', '{"Type":"SubscriptionConfirmation","MessageId":"m","Message":"x"}'],
    ['a message that is not a string', '{"Type":"Notification","MessageId":"m","Message":{"a":1}}'],
    ['an empty message id', '{"Type":"Notification","MessageId":"","Message":"x"}'],
    ['an array', '[]'],
  ])('refuses %s', (_name, body) => {
    // Act / Assert
    expect(parseSnsEnvelope(body)).toBeUndefined();
  });
});
