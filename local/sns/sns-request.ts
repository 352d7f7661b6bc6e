/** An SNS request read from either wire format: awsQuery form parameters or awsJson1_0. */
import { SnsError } from './sns-error';

export interface MessageAttribute {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

export interface PublishInput {
  readonly message: string | undefined;
  readonly subject: string | undefined;
  /** In the order sent; the actions check their number. */
  readonly messageAttributes: readonly MessageAttribute[];
}

export interface BatchEntryInput extends PublishInput {
  readonly id: string | undefined;
}

export interface SnsRequest {
  readonly action: string;
  readonly topicArn: string | undefined;
  /** The message of a Publish. */
  readonly publish: PublishInput;
  /** The entries of a PublishBatch. */
  readonly entries: readonly BatchEntryInput[];
}

const BATCH_MEMBER = /^PublishBatchRequestEntries\.member\.(\d+)\.(.+)$/;
const ATTRIBUTE_ENTRY = /^MessageAttributes\.entry\.(\d+)\.(.+)$/;

/** The parameters of one scope of a form: the request itself, or one batch member. */
interface FormScope {
  readonly fields: Map<string, string>;
  readonly attributes: Map<number, Map<string, string>>;
}

const newScope = (): FormScope => ({ fields: new Map(), attributes: new Map() });

function entryOf<V>(map: Map<number, V>, index: number, create: () => V): V {
  let value = map.get(index);
  if (value === undefined) {
    value = create();
    map.set(index, value);
  }
  return value;
}

/** The first value given for a name wins, as with URLSearchParams.get. */
function setFirst(fields: Map<string, string>, name: string, value: string): void {
  if (!fields.has(name)) fields.set(name, value);
}

/**
 * The members of a `name.N` list in order. The Query protocol numbers list members from 1
 * (https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html: "Values of n are integers starting from 1"):
 * a list with a gap is malformed and refused whole, so that no member is dropped silently.
 */
function listMembers<V>(members: Map<number, V>, name: string): V[] {
  const ordered: V[] = [];
  for (let index = 1; index <= members.size; index++) {
    const member = members.get(index);
    if (member === undefined) {
      throw new SnsError(
        400,
        'InvalidParameter',
        `Invalid parameter: ${name}.${index} is missing; the members of ${name} are numbered 1, 2, 3… without gaps.`,
      );
    }
    ordered.push(member);
  }
  return ordered;
}

function formPublish(scope: FormScope, prefix: string): PublishInput {
  const attributes = listMembers(scope.attributes, `${prefix}MessageAttributes.entry`).map((fields) => ({
    name: fields.get('Name') ?? '',
    type: fields.get('Value.DataType') ?? 'String',
    value: fields.get('Value.StringValue') ?? fields.get('Value.BinaryValue') ?? '',
  }));
  return { message: scope.fields.get('Message'), subject: scope.fields.get('Subject'), messageAttributes: attributes };
}

/**
 * awsQuery: `Action=PublishBatch&PublishBatchRequestEntries.member.1.Id=…&…MessageAttributes.entry.1.Name=…`.
 * One pass over the parameters (each key matched once), so a request costs time in proportion to its size.
 */
export function readFormRequest(params: URLSearchParams): SnsRequest {
  const request = newScope();
  const members = new Map<number, FormScope>();
  for (const [key, value] of params) {
    const member = BATCH_MEMBER.exec(key);
    const scope = member ? entryOf(members, Number(member[1]), newScope) : request;
    const name = member?.[2] ?? key;
    const attribute = ATTRIBUTE_ENTRY.exec(name);
    if (attribute?.[2])
      setFirst(
        entryOf(scope.attributes, Number(attribute[1]), () => new Map()),
        attribute[2],
        value,
      );
    else setFirst(scope.fields, name, value);
  }
  const prefix = 'PublishBatchRequestEntries.member';
  const entries = listMembers(members, prefix).map((scope, index) => ({
    id: scope.fields.get('Id'),
    ...formPublish(scope, `${prefix}.${index + 1}.`),
  }));
  return {
    action: request.fields.get('Action') ?? '',
    topicArn: request.fields.get('TopicArn'),
    publish: formPublish(request, ''),
    entries,
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function jsonPublish(input: Record<string, unknown>): PublishInput {
  const attributes: MessageAttribute[] = [];
  const raw = input.MessageAttributes;
  if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
      attributes.push({
        name,
        type: text(value?.DataType) ?? 'String',
        value: text(value?.StringValue) ?? text(value?.BinaryValue) ?? '',
      });
    }
  }
  return { message: text(input.Message), subject: text(input.Subject), messageAttributes: attributes };
}

/** awsJson1_0: `X-Amz-Target: AmazonSimpleNotificationService.Publish` and a JSON body with the input members. */
export function readJsonRequest(target: string, body: unknown): SnsRequest {
  const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const rawEntries = Array.isArray(input.PublishBatchRequestEntries) ? (input.PublishBatchRequestEntries as Record<string, unknown>[]) : [];
  return {
    action: target.split('.').pop() ?? '',
    topicArn: text(input.TopicArn),
    publish: jsonPublish(input),
    entries: rawEntries.map((entry) => ({ id: text(entry?.Id), ...jsonPublish(entry ?? {}) })),
  };
}

/** Bytes SNS counts against the 256 KB limit: the message plus every attribute name, type and value. */
export function payloadBytes(input: PublishInput): number {
  let size = Buffer.byteLength(input.message ?? '');
  for (const attribute of input.messageAttributes) {
    size += Buffer.byteLength(attribute.name) + Buffer.byteLength(attribute.type) + Buffer.byteLength(attribute.value);
  }
  return size;
}
