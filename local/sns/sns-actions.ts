import { randomUUID } from 'node:crypto';
import type { SpooledMessage } from '../spool/spooled-message';
import { invalidParameter, SnsError, topicNotFound } from './sns-error';
import { SNS_MAX_BATCH_ENTRIES, SNS_MAX_MESSAGE_ATTRIBUTES, SNS_MAX_PAYLOAD_BYTES } from './sns-limits';
import { type PublishInput, payloadBytes, type SnsRequest } from './sns-request';

const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A topic and where its accepted messages go; `accept` resolves once they are durable. */
export interface TopicSink {
  readonly arn: string;
  accept(messages: readonly SpooledMessage[]): Promise<void>;
}

export interface SnsActionContext {
  readonly topics: ReadonlyMap<string, TopicSink>;
}

/** The answer of an action, rendered as XML (awsQuery) or JSON (awsJson1_0) by the server. */
export type SnsResult = Record<string, unknown>;

function topicOf(request: SnsRequest, topics: ReadonlyMap<string, TopicSink>): TopicSink {
  if (!request.topicArn) throw invalidParameter('TopicArn');
  const topic = topics.get(request.topicArn);
  if (!topic) throw topicNotFound();
  return topic;
}

interface MessageProblem {
  readonly code: string;
  readonly message: string;
}

/**
 * Why SNS would refuse this message, or undefined when it is acceptable. A message with more than
 * SNS_MAX_MESSAGE_ATTRIBUTES attributes is refused: the local topics feed a queue, so it is refused at publish with
 * SNS's InvalidParameterValue (HTTP 400, listed in https://docs.aws.amazon.com/sns/latest/api/API_Publish.html), whose
 * Query-protocol code is `ParameterValueInvalid` (the SDKs turn it into InvalidParameterValueException), and the
 * message SQS gives for the same limit.
 */
function messageProblem(input: PublishInput): MessageProblem | undefined {
  if (input.message === undefined || input.message.length === 0)
    return { code: 'InvalidParameter', message: 'Invalid parameter: Empty message' };
  const attributes = input.messageAttributes.length;
  if (attributes > SNS_MAX_MESSAGE_ATTRIBUTES) {
    return {
      code: 'ParameterValueInvalid',
      message: `Number of message attributes [${attributes}] exceeds the allowed maximum [${SNS_MAX_MESSAGE_ATTRIBUTES}].`,
    };
  }
  if (payloadBytes(input) > SNS_MAX_PAYLOAD_BYTES) return { code: 'InvalidParameter', message: 'Invalid parameter: Message too long' };
  return undefined;
}

function spooledMessage(topic: TopicSink, input: PublishInput, timestamp: string): SpooledMessage {
  const attributes = Object.fromEntries(input.messageAttributes.map(({ name, type, value }) => [name, { type, value }]));
  return {
    messageId: randomUUID(),
    topicArn: topic.arn,
    message: input.message ?? '',
    ...(input.subject === undefined ? {} : { subject: input.subject }),
    ...(input.messageAttributes.length === 0 ? {} : { messageAttributes: attributes }),
    timestamp,
  };
}

async function publish(request: SnsRequest, context: SnsActionContext, timestamp: string): Promise<SnsResult> {
  const topic = topicOf(request, context.topics);
  const problem = messageProblem(request.publish);
  if (problem) throw new SnsError(400, problem.code, problem.message);
  const message = spooledMessage(topic, request.publish, timestamp);
  await topic.accept([message]);
  return { MessageId: message.messageId };
}

async function publishBatch(request: SnsRequest, context: SnsActionContext, timestamp: string): Promise<SnsResult> {
  const topic = topicOf(request, context.topics);
  const { entries } = request;
  if (entries.length === 0) throw new SnsError(400, 'EmptyBatchRequest', 'The batch request does not contain any entries.');
  if (entries.length > SNS_MAX_BATCH_ENTRIES)
    throw new SnsError(
      400,
      'TooManyEntriesInBatchRequest',
      `The batch request contains more entries than permissible (${SNS_MAX_BATCH_ENTRIES}).`,
    );
  const ids = entries.map((entry) => entry.id ?? '');
  if (ids.some((id) => !BATCH_ENTRY_ID.test(id)))
    throw new SnsError(
      400,
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores (1-80).',
    );
  if (new Set(ids).size !== ids.length)
    throw new SnsError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  const total = entries.reduce((sum, entry) => sum + payloadBytes(entry), 0);
  if (total > SNS_MAX_PAYLOAD_BYTES)
    throw new SnsError(
      400,
      'BatchRequestTooLong',
      `The length of all the messages put together is more than the limit (${SNS_MAX_PAYLOAD_BYTES} bytes).`,
    );

  const successful: SnsResult[] = [];
  const failed: SnsResult[] = [];
  const accepted: SpooledMessage[] = [];
  for (const entry of entries) {
    const id = entry.id ?? '';
    const problem = messageProblem(entry);
    if (problem) {
      failed.push({ Id: id, Code: problem.code, Message: problem.message, SenderFault: true });
      continue;
    }
    const message = spooledMessage(topic, entry, timestamp);
    accepted.push(message);
    successful.push({ Id: id, MessageId: message.messageId });
  }
  await topic.accept(accepted);
  return { Successful: successful, Failed: failed };
}

function listTopics(context: SnsActionContext): SnsResult {
  return { Topics: [...context.topics.keys()].map((arn) => ({ TopicArn: arn })) };
}

function getTopicAttributes(request: SnsRequest, context: SnsActionContext): SnsResult {
  const topic = topicOf(request, context.topics);
  const [, , , , account, name] = topic.arn.split(':');
  return {
    Attributes: {
      TopicArn: topic.arn,
      Owner: account ?? '',
      DisplayName: name ?? '',
      SubscriptionsConfirmed: '1',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'SNS:Publish', Resource: topic.arn }],
      }),
      EffectiveDeliveryPolicy: JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 3 } } }),
    },
  };
}

/** Runs one SNS action; throws SnsError for AWS-style errors. */
export async function runSnsAction(request: SnsRequest, context: SnsActionContext): Promise<SnsResult> {
  const timestamp = new Date().toISOString();
  switch (request.action) {
    case 'Publish':
      return publish(request, context, timestamp);
    case 'PublishBatch':
      return publishBatch(request, context, timestamp);
    case 'ListTopics':
      return listTopics(context);
    case 'GetTopicAttributes':
      return getTopicAttributes(request, context);
    default:
      throw new SnsError(400, 'InvalidAction', `The action ${request.action || '(none)'} is not valid for this endpoint.`);
  }
}
