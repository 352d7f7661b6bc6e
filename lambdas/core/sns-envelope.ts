import { parseZonedTimestamp } from './lake-value-format';
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
    // Not JSON: `parsed` stays undefined, which the next check refuses.
  }
  // An array passes this check and is refused below, having no MessageId.
  if (typeof parsed !== 'object' || parsed === null) return undefined;
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
  // JSON.stringify leaves out the fields that are undefined (Subject when there is none).
  return JSON.stringify({
    Type: 'Notification',
    MessageId: input.messageId,
    TopicArn: input.topicArn,
    Subject: input.subject,
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

/**
 * An ISO-8601 instant with a zone, in the form SNS writes (`YYYY-MM-DDTHH:MM:SS.mmmZ`); undefined for any other text and
 * for a day the calendar lacks, which `Date.parse` would roll into the next month (2025-02-30 as 2025-03-02).
 */
function normalisedInstant(text: string): string | undefined {
  const parsed = parseZonedTimestamp(text);
  // The lake value is that instant in UTC as `YYYY-MM-DD HH:MM:SS.mmm`.
  return parsed.ok ? `${parsed.lakeValue.replace(' ', 'T')}Z` : undefined;
}

export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
