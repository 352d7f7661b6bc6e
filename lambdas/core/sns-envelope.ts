import { isWellFormedText } from './unicode-text';

/** The SNS notification envelope that an SQS subscription (raw delivery off) puts in each message body. */
export interface SnsEnvelope {
  readonly messageId: string;
  readonly topicArn: string;
  /** The published message text, exactly as published. */
  readonly message: string;
  /** When SNS accepted the publish, ISO-8601 UTC; undefined when absent or not a valid instant. */
  readonly timestamp: string | undefined;
}

/** Reads an SQS body as an SNS notification envelope; undefined when it is not JSON or not such an envelope. */
export function parseSnsEnvelope(body: string): SnsEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripByteOrderMark(body));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const envelope = parsed as Record<string, unknown>;
  const { Type, MessageId, Message, TopicArn, Timestamp } = envelope;
  if (Type !== undefined && Type !== 'Notification') return undefined;
  if (typeof MessageId !== 'string' || MessageId === '' || typeof Message !== 'string') return undefined;
  // The id is stored on every row of the message (lineage): it must be text both engines read (unicode-text.ts).
  if (!isWellFormedText(MessageId)) return undefined;
  return {
    messageId: MessageId,
    topicArn: typeof TopicArn === 'string' ? TopicArn : '',
    message: Message,
    timestamp: typeof Timestamp === 'string' ? normalisedInstant(Timestamp) : undefined,
  };
}

export interface SnsNotificationInput {
  readonly messageId: string;
  readonly topicArn: string;
  readonly message: string;
  /** Defaults to now. */
  readonly timestamp?: Date;
  readonly subject?: string;
  /** Publish message attributes, delivered as `MessageAttributes` when there are any. */
  readonly messageAttributes?: Readonly<Record<string, { readonly type: string; readonly value: string }>>;
}

/** The body SNS delivers to a subscribed SQS queue for one publish (the local mode and the tests build it with this). */
export function snsNotificationBody(input: SnsNotificationInput): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: input.messageId,
    TopicArn: input.topicArn,
    ...(input.subject === undefined ? {} : { Subject: input.subject }),
    Message: input.message,
    Timestamp: (input.timestamp ?? new Date()).toISOString(),
    SignatureVersion: '1',
    Signature: 'local',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/local.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    ...(input.messageAttributes && Object.keys(input.messageAttributes).length > 0
      ? {
          MessageAttributes: Object.fromEntries(
            Object.entries(input.messageAttributes).map(([name, attribute]) => [name, { Type: attribute.type, Value: attribute.value }]),
          ),
        }
      : {}),
  });
}

const SNS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** SNS writes `YYYY-MM-DDTHH:MM:SS.mmmZ`, kept as is; any other parsable instant is normalised to that form. */
function normalisedInstant(text: string): string | undefined {
  if (SNS_TIMESTAMP.test(text)) return text;
  const epoch = Date.parse(text);
  return Number.isNaN(epoch) ? undefined : new Date(epoch).toISOString();
}

export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
