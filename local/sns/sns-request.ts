/** An SNS request read from either wire format: awsQuery form parameters or awsJson1_0. */

/** Enough to tell "too many entries" apart from ten; the rest are not read. */
const MAX_ENTRIES_READ = 100;

export interface MessageAttribute {
  readonly type: string;
  readonly value: string;
}

export interface PublishInput {
  readonly message: string | undefined;
  readonly subject: string | undefined;
  readonly messageAttributes: Record<string, MessageAttribute>;
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

function formAttributes(params: URLSearchParams, prefix: string): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (let index = 1; params.has(`${prefix}MessageAttributes.entry.${index}.Name`); index++) {
    const base = `${prefix}MessageAttributes.entry.${index}`;
    const name = params.get(`${base}.Name`) ?? '';
    const type = params.get(`${base}.Value.DataType`) ?? 'String';
    const value = params.get(`${base}.Value.StringValue`) ?? params.get(`${base}.Value.BinaryValue`) ?? '';
    attributes[name] = { type, value };
  }
  return attributes;
}

function formPublish(params: URLSearchParams, prefix: string): PublishInput {
  return {
    message: params.get(`${prefix}Message`) ?? undefined,
    subject: params.get(`${prefix}Subject`) ?? undefined,
    messageAttributes: formAttributes(params, prefix),
  };
}

/** awsQuery: `Action=PublishBatch&PublishBatchRequestEntries.member.1.Id=…&…MessageAttributes.entry.1.Name=…` */
export function readFormRequest(params: URLSearchParams): SnsRequest {
  const keys = [...params.keys()];
  const entries: BatchEntryInput[] = [];
  for (let index = 1; index <= MAX_ENTRIES_READ; index++) {
    const base = `PublishBatchRequestEntries.member.${index}.`;
    if (!keys.some((key) => key.startsWith(base))) break;
    entries.push({ id: params.get(`${base}Id`) ?? undefined, ...formPublish(params, base) });
  }
  return { action: params.get('Action') ?? '', topicArn: params.get('TopicArn') ?? undefined, publish: formPublish(params, ''), entries };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function jsonPublish(input: Record<string, unknown>): PublishInput {
  const attributes: Record<string, MessageAttribute> = {};
  const raw = input.MessageAttributes;
  if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
      attributes[name] = { type: text(value?.DataType) ?? 'String', value: text(value?.StringValue) ?? text(value?.BinaryValue) ?? '' };
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
    entries: rawEntries.slice(0, MAX_ENTRIES_READ).map((entry) => ({ id: text(entry?.Id), ...jsonPublish(entry ?? {}) })),
  };
}

/** Bytes SNS counts against the 256 KB limit: the message plus every attribute name, type and value. */
export function payloadBytes(input: PublishInput): number {
  let size = Buffer.byteLength(input.message ?? '');
  for (const [name, attribute] of Object.entries(input.messageAttributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.type) + Buffer.byteLength(attribute.value);
  }
  return size;
}
