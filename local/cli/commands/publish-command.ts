import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { packRecords } from '../../publish/message-packer';
import { publishBatches } from '../../publish/publisher';
import { describeInvalidLines, formatOfFile, RECORD_FORMATS, type RecordFormat, readRecords } from '../../publish/record-reader';
import { SNS_MAX_PAYLOAD_BYTES } from '../../sns/sns-limits';
import { topicArn } from '../../topics';
import { datasetNamed, positiveInteger, snsClientFor, snsEndpoint, UsageError } from '../cli-context';
import { startProgress } from '../progress-reporter';
import { explainUnreachable, unreachableCode } from '../unreachable-endpoint';
import { rejectedHint } from './rejected-command';

interface PublishFlags {
  dataset: string;
  format?: string;
  recordsPerMessage: number;
  concurrency: number;
  topicArn?: string;
  region?: string;
  endpointUrl?: string;
  skipInvalid?: boolean;
}

/** A file with lines that are not records; nothing of it was published. */
export class InvalidFileError extends Error {}

async function publishFile(file: string, flags: PublishFlags): Promise<void> {
  const dataset = datasetNamed(flags.dataset);
  if (flags.format !== undefined && !(RECORD_FORMATS as readonly string[]).includes(flags.format))
    throw new UsageError(`--format must be one of ${RECORD_FORMATS.join(', ')}`);
  const format = (flags.format as RecordFormat | undefined) ?? formatOfFile(file);
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  const { records, invalid } = readRecords(text, format, dataset);
  if (invalid.length > 0 && !flags.skipInvalid) {
    throw new InvalidFileError(
      [
        `${invalid.length} invalid lines in ${file}; nothing published (--skip-invalid publishes the other ${records.length} records):`,
        ...describeInvalidLines(invalid).map((line) => `  ${line}`),
      ].join('\n'),
    );
  }
  if (invalid.length > 0) {
    console.error(`skipping ${invalid.length} invalid lines:`);
    for (const line of describeInvalidLines(invalid)) console.error(`  ${line}`);
  }
  const { batches, oversized } = packRecords(records, { recordsPerMessage: flags.recordsPerMessage });
  const local = flags.topicArn === undefined;
  const arn = flags.topicArn ?? topicArn(dataset.name);
  const endpoint = snsEndpoint({ endpointUrl: flags.endpointUrl, awsTopicArn: flags.topicArn ? arn : undefined });
  const client = snsClientFor({ local, endpointUrl: flags.endpointUrl, region: flags.region });

  const started = Date.now();
  const progress = startProgress({
    stream: process.stderr,
    format: 'publishing |{bar}| {value}/{total} records | {rate} rec/s | failures: {failures} | {duration}s',
    total: records.length,
    payload: { rate: 0, failures: oversized },
  });
  const summary = await publishBatches(client, batches, {
    topicArn: arn,
    concurrency: flags.concurrency,
    stopOn: (error) => unreachableCode(error) !== undefined,
    onProgress: ({ accepted, failed }) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      progress.update(accepted + failed + oversized, { rate: Math.round(accepted / seconds), failures: failed + oversized });
    },
  }).finally(() => {
    progress.stop();
    client.destroy();
  });
  if (summary.stoppedBy !== undefined && summary.accepted === 0) throw explainUnreachable(summary.stoppedBy, endpoint) ?? summary.stoppedBy;

  const failed = summary.failed + oversized;
  const rate = Math.round(summary.accepted / Math.max(0.001, summary.elapsedMs / 1000));
  const skipped = invalid.length > 0 ? `, ${invalid.length} invalid lines skipped` : '';
  console.log(
    `${summary.accepted} of ${records.length} records accepted in ${summary.messages} messages to ${arn} (${rate} records/s), ${failed} not accepted${skipped}`,
  );
  if (summary.accepted > 0) console.log(rejectedHint(dataset.name));
  if (oversized > 0) console.error(`  ${oversized} records are larger than ${SNS_MAX_PAYLOAD_BYTES / 1024} KB on their own`);
  for (const [reason, count] of summary.errors) console.error(`  ${count} records: ${reason}`);
  if (summary.stoppedBy !== undefined) console.error(`  ${explainUnreachable(summary.stoppedBy, endpoint)?.message ?? ''}`);
  if (failed > 0) process.exitCode = 1;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export function registerPublishCommand(program: Command): void {
  program
    .command('publish')
    .description('Publish NDJSON, JSON-array or CSV records to a dataset topic (the local endpoint unless --topic-arn is given).')
    .argument('<file>', 'records file (.ndjson/.jsonl, .json array, .csv), or - for stdin')
    .requiredOption('--dataset <name>', 'dataset the records belong to')
    .option('--format <format>', `record format: ${RECORD_FORMATS.join(', ')} (default: from the file extension)`)
    .option('--records-per-message <n>', 'records per SNS message (JSON array)', positiveInteger('--records-per-message'), 100)
    .option('--concurrency <n>', 'PublishBatch requests in flight', positiveInteger('--concurrency'), 4)
    .option('--topic-arn <arn>', 'publish to this AWS topic instead of the local endpoint')
    .option('--region <region>', 'AWS region (with --topic-arn)')
    .option('--endpoint-url <url>', 'SNS endpoint (default: the local endpoint, or AWS with --topic-arn)')
    .option('--skip-invalid', 'publish the valid records of a file with invalid lines (default: publish nothing)')
    .action((file: string, flags: PublishFlags) => publishFile(file, flags));
}
