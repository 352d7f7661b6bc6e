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

describe('parseSnsEnvelope details', () => {
  it('reads an envelope after a byte order mark, without a Type, with an empty topic when none is named', () => {
    // Act
    const envelope = parseSnsEnvelope('\uFEFF{"MessageId":"m","Message":"x","Timestamp":"2025-01-31T23:59:59.9Z"}');

    // Assert
    expect(envelope).toEqual({ messageId: 'm', topicArn: '', message: 'x', timestamp: '2025-01-31T23:59:59.900Z' });
  });

  it.each([
    ['absent', undefined],
    ['a number', 1738367999000],
    ['text with a leading space', ' 2025-01-31T23:59:59.999Z'],
    ['text with a trailing character', '2025-01-31T23:59:59.999Zx'],
    ['a one-digit year', '5-01-31T23:59:59.999Z'],
    ['a year of letters', 'abcd-01-31T23:59:59.999Z'],
    ['a one-digit month', '2025-1-31T23:59:59.999Z'],
    ['a month of letters', '2025-ab-31T23:59:59.999Z'],
    ['a one-digit day', '2025-01-1T23:59:59.999Z'],
    ['a day of letters', '2025-01-abT23:59:59.999Z'],
    ['a one-digit hour', '2025-01-31T1:59:59.999Z'],
    ['an hour of letters', '2025-01-31Tab:59:59.999Z'],
    ['a one-digit minute', '2025-01-31T23:5:59.999Z'],
    ['a minute of letters', '2025-01-31T23:ab:59.999Z'],
    ['a one-digit second', '2025-01-31T23:59:5.999Z'],
    ['a second of letters', '2025-01-31T23:59:ab.999Z'],
    ['a fraction of letters', '2025-01-31T23:59:59.abcZ'],
    ['a day February lacks', '2025-02-30T00:00:00.000Z'],
    ['a time of day past midnight', '2025-01-31T24:00:00.000Z'],
    ['an instant without a zone', '2025-01-31T23:59:59.999'],
    ['a list holding an instant', ['2025-01-31T23:59:59.999Z']],
  ])('gives no timestamp when it is %s, which names no instant', (_case, timestamp) => {
    // Act
    const envelope = parseSnsEnvelope(JSON.stringify({ Type: 'Notification', MessageId: 'm', Message: 'x', Timestamp: timestamp }));

    // Assert
    expect(envelope).toEqual({ messageId: 'm', topicArn: '', message: 'x', timestamp: undefined });
  });

  it.each([
    ['null', 'null'],
    ['a number', '5'],
    ['a string', '"x"'],
    ['a numeric message id', '{"Type":"Notification","MessageId":1,"Message":"x"}'],
    ['no message', '{"Type":"Notification","MessageId":"m"}'],
    ['a message id with a lone surrogate', '{"Type":"Notification","MessageId":"m\\ud800","Message":"x"}'],
  ])('refuses a body that is %s', (_case, body) => {
    // Act / Assert
    expect(parseSnsEnvelope(body)).toBeUndefined();
  });
});

describe('snsNotificationBody', () => {
  it('writes the SNS notification fields, with the subject and attributes when given', () => {
    // Act
    const body = snsNotificationBody({
      messageId: 'm-1',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:t',
      message: '{"a":1}',
      timestamp: new Date('2025-01-31T23:59:59.999Z'),
      subject: 'boarding',
      messageAttributes: { source: { type: 'String', value: 'gate-3' } },
    });

    // Assert
    expect(body).toBe(
      '{"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:000000000000:t","Subject":"boarding",' +
        '"Message":"{\\"a\\":1}","Timestamp":"2025-01-31T23:59:59.999Z","SignatureVersion":"1","Signature":"local",' +
        '"SigningCertURL":"https://sns.us-east-1.amazonaws.com/local.pem",' +
        '"UnsubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",' +
        '"MessageAttributes":{"source":{"Type":"String","Value":"gate-3"}}}',
    );
  });

  it('leaves out the subject and an empty attribute set, and stamps the current time', () => {
    // Prepare
    const before = Date.now();

    // Act
    const body = JSON.parse(snsNotificationBody({ messageId: 'm', topicArn: 't', message: 'x', messageAttributes: {} })) as Record<
      string,
      unknown
    >;

    // Assert
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
    ]);
    const stamped = Date.parse(String(body.Timestamp));
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});
