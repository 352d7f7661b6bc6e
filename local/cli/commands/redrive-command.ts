import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { deadLetterQueueName, stageNamePrefix } from '../../../lib/resource-names';
import type { SpooledMessage } from '../../spool/spooled-message';
import { topicArn as localTopicArn } from '../../topics';
import { datasetNamed, localConfig, positiveInteger, snsClientFor, UsageError } from '../cli-context';

export interface AwsRedriveOptions {
  readonly dataset: string;
  /** Stage whose dead-letter queue `lakeline-<stage>-<dataset>-dlq` is redriven (when neither ARN nor URL is given). */
  readonly stage?: string;
  readonly dlqArn?: string;
  readonly dlqUrl?: string;
  /** Where to move the messages (default: the queue they came from, as SQS remembers it). */
  readonly destinationArn?: string;
  readonly maxPerSecond?: number;
}

export type AwsRedriveResult =
  | { readonly started: true; readonly taskHandle: string; readonly sourceArn: string; readonly messages?: number }
  | { readonly started: false; readonly sourceArn: string; readonly messages: 0 };

/** Starts an SQS message move task from the dataset's dead-letter queue back to its source queue. */
export async function startAwsRedrive(client: SQSClient, options: AwsRedriveOptions): Promise<AwsRedriveResult> {
  let sourceArn = options.dlqArn;
  let messages: number | undefined;
  if (sourceArn === undefined) {
    const queueUrl =
      options.dlqUrl ??
      (
        await client.send(
          new GetQueueUrlCommand({ QueueName: deadLetterQueueName(stageNamePrefix(options.stage ?? 'dev'), options.dataset) }),
        )
      ).QueueUrl;
    if (!queueUrl) throw new Error('SQS returned no URL for the dead-letter queue');
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
    );
    sourceArn = Attributes?.QueueArn;
    if (!sourceArn) throw new Error(`SQS returned no ARN for ${queueUrl}`);
    messages = Number(Attributes?.ApproximateNumberOfMessages ?? Number.NaN);
    if (messages === 0) return { started: false, sourceArn, messages: 0 };
  }
  const { TaskHandle } = await client.send(
    new StartMessageMoveTaskCommand({
      SourceArn: sourceArn,
      ...(options.destinationArn ? { DestinationArn: options.destinationArn } : {}),
      ...(options.maxPerSecond ? { MaxNumberOfMessagesPerSecond: options.maxPerSecond } : {}),
    }),
  );
  if (!TaskHandle) throw new Error(`SQS started no move task for ${sourceArn}`);
  return { started: true, taskHandle: TaskHandle, sourceArn, ...(messages === undefined || Number.isNaN(messages) ? {} : { messages }) };
}

export interface LocalRedriveOptions {
  readonly dataset: string;
  /** The local mode's data directory; dead letters live in `<dataDir>/dead-letter/<dataset>/<messageId>.json`. */
  readonly dataDir: string;
}

export interface LocalRedriveResult {
  readonly republished: number;
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
}

/** A dead-letter file as the local batcher writes it: the spooled message plus delivery details. */
type DeadLetterFile = SpooledMessage & { readonly receiveCount?: number; readonly lastError?: string | null };

export function localDeadLetterDir(dataDir: string, dataset: string): string {
  return join(dataDir, 'dead-letter', dataset);
}

/**
 * Local redrive: publishes every dead-lettered message of the dataset again to the running local SNS
 * endpoint (which spools it durably before answering) and deletes its file once accepted. Going through
 * the endpoint, not writing into the spool directly, because the running local mode owns its spool files.
 */
export async function redriveLocal(client: SNSClient, options: LocalRedriveOptions): Promise<LocalRedriveResult> {
  const dir = localDeadLetterDir(options.dataDir, options.dataset);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  let republished = 0;
  const failed: { file: string; reason: string }[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const letter = JSON.parse(await readFile(path, 'utf8')) as DeadLetterFile;
      await client.send(
        new PublishCommand({
          TopicArn: letter.topicArn ?? localTopicArn(options.dataset),
          Message: letter.message,
          ...(letter.subject ? { Subject: letter.subject } : {}),
          ...(letter.messageAttributes ? { MessageAttributes: snsAttributes(letter.messageAttributes) } : {}),
        }),
      );
      await rm(path);
      republished += 1;
    } catch (error) {
      failed.push({ file: path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { republished, failed };
}

function snsAttributes(attributes: NonNullable<SpooledMessage['messageAttributes']>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, { type, value }]) => [
      name,
      type === 'Binary' ? { DataType: type, BinaryValue: Buffer.from(value, 'base64') } : { DataType: type, StringValue: value },
    ]),
  );
}

interface RedriveFlags {
  dataset: string;
  stage?: string;
  dlqArn?: string;
  queueUrl?: string;
  destinationArn?: string;
  maxPerSecond?: number;
  region?: string;
  endpointUrl?: string;
}

async function runRedrive(flags: RedriveFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const onAws = flags.stage !== undefined || flags.dlqArn !== undefined || flags.queueUrl !== undefined;
  if (!onAws) {
    const { dataDir } = localConfig();
    const client = snsClientFor({ local: true, endpointUrl: flags.endpointUrl, region: flags.region });
    try {
      const result = await redriveLocal(client, { dataset: flags.dataset, dataDir });
      console.log(
        `redrive: ${result.republished} dead-lettered ${flags.dataset} messages republished from ${localDeadLetterDir(dataDir, flags.dataset)}`,
      );
      for (const failure of result.failed) console.error(`redrive: ${failure.file} stays: ${failure.reason}`);
      if (result.failed.length > 0) {
        console.error('redrive: is the local mode running (npm start)?');
        process.exitCode = 1;
      }
    } finally {
      client.destroy();
    }
    return;
  }
  if (flags.dlqArn !== undefined && flags.queueUrl !== undefined) throw new UsageError('give --dlq-arn or --queue-url, not both');
  const client = new SQSClient({
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
  });
  try {
    const result = await startAwsRedrive(client, {
      dataset: flags.dataset,
      ...(flags.stage ? { stage: flags.stage } : {}),
      ...(flags.dlqArn ? { dlqArn: flags.dlqArn } : {}),
      ...(flags.queueUrl ? { dlqUrl: flags.queueUrl } : {}),
      ...(flags.destinationArn ? { destinationArn: flags.destinationArn } : {}),
      ...(flags.maxPerSecond ? { maxPerSecond: flags.maxPerSecond } : {}),
    });
    if (!result.started) {
      console.log(`redrive: ${result.sourceArn} is empty; nothing to move`);
      return;
    }
    const count = result.messages === undefined ? '' : ` (${result.messages} messages)`;
    console.log(`redrive: moving ${result.sourceArn}${count} back to its source queue; task handle ${result.taskHandle}`);
    console.log(`redrive: follow it with: aws sqs list-message-move-tasks --source-arn ${result.sourceArn}`);
  } finally {
    client.destroy();
  }
}

export function registerRedriveCommand(program: Command): void {
  program
    .command('redrive')
    .description(
      "Move a dataset's dead-lettered messages back for another ingest: on AWS with an SQS message move task " +
        '(--stage, --dlq-arn or --queue-url), locally (default) by republishing the local dead-letter files.',
    )
    .requiredOption('--dataset <name>', 'dataset whose dead letters to redrive')
    .option('--stage <stage>', 'AWS: redrive the dead-letter queue lakeline-<stage>-<dataset>-dlq')
    .option('--dlq-arn <arn>', 'AWS: ARN of the dead-letter queue')
    .option('--queue-url <url>', 'AWS: URL of the dead-letter queue')
    .option('--destination-arn <arn>', 'AWS: queue to move to (default: the source queue of each message)')
    .option('--max-per-second <n>', 'AWS: move at most this many messages per second', positiveInteger('--max-per-second'))
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'SQS endpoint (AWS) or SNS endpoint (local; default: the local endpoint)')
    .action((flags: RedriveFlags) => runRedrive(flags));
}
