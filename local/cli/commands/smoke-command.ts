import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Command } from 'commander';
import { smokeChecks } from '../../../datasets/smoke-checks';
import { LOCAL_ACCOUNT, topicArn as localTopicArn } from '../../topics';
import { apiEndpoint, localApiUrl, positiveInteger, snsClientFor, snsEndpoint, UsageError } from '../cli-context';
import { ApiError, fetchRecordsPage } from '../query-client';
import { type Endpoint, explainUnreachable } from '../unreachable-endpoint';

export interface SmokeOptions {
  /** API base URL (on AWS including the stage, e.g. https://…/dev/). */
  readonly apiUrl: string;
  /** API key; the local API needs none. */
  readonly apiKey?: string;
  /** The stage's `smoke_checks` topic (stack output `SmokeChecksTopicArn`). */
  readonly topicArn: string;
  /** Region for the SNS client (default: the topic ARN's region). */
  readonly region?: string;
  /** SNS endpoint (default: the local endpoint for a local topic ARN, AWS otherwise). */
  readonly endpointUrl?: string;
  readonly timeoutSeconds: number;
  /** Pause between two queries (default 2000 ms). */
  readonly pollIntervalMs?: number;
  /** How to name the SNS endpoint and the API when one of them does not answer at all. */
  readonly endpoints?: { readonly sns: Endpoint; readonly api: Endpoint };
}

export interface SmokeIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface SmokeResult {
  readonly ok: boolean;
  /** `smoke-<uuid>`: the check's id, the value the API is queried for. */
  readonly checkId: string;
  /** The check's bigint sequence as decimal text. */
  readonly sequence: string;
  readonly elapsedMs: number;
  /** Why the smoke test failed (absent on success). */
  readonly reason?: string;
}

/** The only dataset smoke writes to: a canary of its own, never a dataset holding user data. */
export const SMOKE_DATASET = smokeChecks.name;
/** Client errors that retrying cannot fix (a wrong key, route or parameter). */
const FATAL_STATUSES = new Set([400, 401, 403, 404]);

/** A sequence just below 2^53 - 1: exact as a JSON number, large enough to exercise bigint, unique per run. */
export function smokeSequence(): number {
  return Number.MAX_SAFE_INTEGER - randomInt(0, 2 ** 40);
}

/**
 * Publishes one `smoke_checks` record and polls the records API until that row comes back or the deadline
 * passes. Never throws for an unhealthy deployment: the result says why it failed.
 */
export async function runSmoke(options: SmokeOptions, io: SmokeIo): Promise<SmokeResult> {
  const started = Date.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const sequence = String(smokeSequence());
  const checkId = `smoke-${randomUUID()}`;
  const publishedAt = new Date();
  const day = publishedAt.toISOString().slice(0, 10);
  const result = (reason?: string): SmokeResult => ({
    ok: reason === undefined,
    checkId,
    sequence,
    elapsedMs: Date.now() - started,
    ...(reason === undefined ? {} : { reason }),
  });

  const client = snsClientForTopic(options);
  try {
    const record = { check_id: checkId, sequence: Number(sequence), published_at: publishedAt.toISOString() };
    const published = await client.send(new PublishCommand({ TopicArn: options.topicArn, Message: JSON.stringify(record) }));
    io.out(`smoke: published check ${checkId} (sequence ${sequence}) to ${options.topicArn} as message ${published.MessageId ?? '?'}`);
  } catch (error) {
    const reason =
      (options.endpoints && explainUnreachable(error, options.endpoints.sns)?.message) ??
      `publish to ${options.topicArn} failed: ${messageOf(error)}`;
    io.err(`smoke: FAILED, ${reason}`);
    return result(reason);
  } finally {
    client.destroy();
  }

  const parameters = new URLSearchParams({ check_id: checkId, from: day, to: day });
  const target = { apiUrl: options.apiUrl, ...(options.apiKey ? { apiKey: options.apiKey } : {}) };
  let lastAnswer = 'no answer yet';
  for (let attempt = 1; Date.now() < deadline; attempt += 1) {
    try {
      const page = await fetchRecordsPage(target, SMOKE_DATASET, parameters, Math.max(1, deadline - Date.now()));
      const row = page.rows.find((candidate) => candidate.check_id === checkId && String(candidate.sequence) === sequence);
      if (row) {
        const elapsed = result();
        io.out(
          `smoke: OK, check ${checkId} queryable after ${(elapsed.elapsedMs / 1000).toFixed(1)} s (query ${page.queryId}, attempt ${attempt})`,
        );
        return elapsed;
      }
      lastAnswer = `${page.rows.length} rows, none with the check id`;
    } catch (error) {
      if (error instanceof ApiError && FATAL_STATUSES.has(error.status)) {
        const reason = `the API refused the query: ${error.message}`;
        io.err(`smoke: FAILED, ${reason}`);
        return result(reason);
      }
      lastAnswer = (options.endpoints && explainUnreachable(error, options.endpoints.api)?.message) ?? messageOf(error);
    }
    await sleep(Math.min(options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
  }
  const reason = `check ${checkId} was not returned by ${options.apiUrl} within ${options.timeoutSeconds} s (last answer: ${lastAnswer})`;
  io.err(`smoke: FAILED, ${reason}`);
  return result(reason);
}

/** The local endpoint (dummy credentials) for a local topic ARN, otherwise AWS with the default credential chain. */
function snsClientForTopic(options: SmokeOptions): SNSClient {
  const [, , , arnRegion, account, topicName] = options.topicArn.split(':');
  if (!options.topicArn.startsWith('arn:') || !arnRegion || !account || !topicName)
    throw new UsageError(`--topic-arn is not an SNS topic ARN: "${options.topicArn}"`);
  // A check record sent to another dataset's topic would land in that dataset's rejected/ area and its alarms.
  if (!topicName.endsWith(`-${SMOKE_DATASET}`))
    throw new UsageError(`--topic-arn must be the ${SMOKE_DATASET} topic (stack output SmokeChecksTopicArn), got "${topicName}"`);
  const region = options.region ?? arnRegion;
  return snsClientFor({ local: account === LOCAL_ACCOUNT, region, ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}) });
}

function isLocalTopic(arn: string | undefined): boolean {
  return arn === undefined || arn.split(':')[4] === LOCAL_ACCOUNT;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface SmokeFlags {
  apiUrl?: string;
  apiKey?: string;
  topicArn?: string;
  region?: string;
  endpointUrl?: string;
  timeoutSeconds: number;
}

export function registerSmokeCommand(program: Command): void {
  program
    .command('smoke')
    .description(
      `Publish a check record to the ${SMOKE_DATASET} dataset and wait until the API returns it; exit 1 with the reason otherwise (local mode by default).`,
    )
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS)')
    .option('--topic-arn <arn>', `the ${SMOKE_DATASET} topic (stack output SmokeChecksTopicArn; default: the local one)`)
    .option('--region <region>', "AWS region (default: the topic ARN's)")
    .option('--endpoint-url <url>', 'SNS endpoint (default: the local endpoint for a local topic ARN, AWS otherwise)')
    .option('--timeout-seconds <n>', 'how long to wait for the record', positiveInteger('--timeout-seconds'), 120)
    .action(async (flags: SmokeFlags) => {
      const outcome = await runSmoke(
        {
          apiUrl: flags.apiUrl ?? localApiUrl(),
          topicArn: flags.topicArn ?? localTopicArn(SMOKE_DATASET),
          timeoutSeconds: flags.timeoutSeconds,
          endpoints: {
            sns: snsEndpoint({ endpointUrl: flags.endpointUrl, awsTopicArn: isLocalTopic(flags.topicArn) ? undefined : flags.topicArn }),
            api: apiEndpoint(flags.apiUrl),
          },
          ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
          ...(flags.region ? { region: flags.region } : {}),
          ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
        },
        { out: (line) => console.log(line), err: (line) => console.error(line) },
      );
      if (!outcome.ok) process.exitCode = 1;
    });
}
