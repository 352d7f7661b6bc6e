/**
 * Cost model: dollars per million 1 KB events through Lakeline's ingest path (SNS → SQS → batched Lambda → S3),
 * next to a per-message design (one Lambda invocation and one S3 object per message). Pure: the measured figures
 * come in as arguments (see bench/run-all.ts).
 *
 * Prices: AWS public pricing pages, region us-east-1, as recorded on 2026-11-22 (verify before quoting; prices change):
 * - SNS standard topics https://aws.amazon.com/sns/pricing/ — publishes $0.50 per million requests, each 64 KB chunk of
 *   a payload billed as one request; deliveries to SQS queues are free.
 * - SQS standard queues https://aws.amazon.com/sqs/pricing/ — $0.40 per million requests (after the free tier), each
 *   64 KB chunk of a payload billed as one request.
 * - Lambda https://aws.amazon.com/lambda/pricing/ — $0.20 per million requests; arm64 compute $0.0000133334 per
 *   GB-second (first tier), duration billed in 1 ms increments.
 * - S3 Standard https://aws.amazon.com/s3/pricing/ — PUT requests $0.005 per 1,000. Storage is not part of this
 *   model (both designs store the same bytes, the per-message design slightly more before compression).
 * Free tiers are ignored.
 */

export const SNS_PUBLISH_USD_PER_MILLION = 0.5;
export const SNS_TO_SQS_DELIVERY_USD_PER_MILLION = 0;
export const SQS_REQUEST_USD_PER_MILLION = 0.4;
export const LAMBDA_REQUEST_USD_PER_MILLION = 0.2;
export const LAMBDA_ARM64_USD_PER_GB_SECOND = 0.0000133334;
export const S3_PUT_USD_PER_THOUSAND = 0.005;
/** SNS and SQS bill every started 64 KB of a payload as one request. */
export const BILLING_CHUNK_BYTES = 64 * 1024;
export const PRICES_SOURCE = 'AWS public pricing pages (SNS, SQS, Lambda arm64, S3 Standard), us-east-1, recorded 2026-11-22';

export interface IngestDesign {
  readonly name: string;
  /** Bytes of one event (the unit: 1 KB). */
  readonly eventBytes: number;
  /** Events (records) per SNS publish: Lakeline accepts a JSON array of records in one message. */
  readonly recordsPerMessage: number;
  /** SQS messages per Lambda invocation (event source mapping batch size actually reached). */
  readonly messagesPerInvocation: number;
  /** S3 objects written per invocation (one per partition day, plus rejected objects). */
  readonly objectsPerInvocation: number;
  /** Billed duration of one invocation, milliseconds (rounded up to whole ms per invocation). */
  readonly lambdaMsPerInvocation: number;
  readonly lambdaMemoryMb: number;
}

export interface CostLine {
  readonly item: string;
  readonly requests: number;
  readonly usd: number;
}

export interface DesignCost {
  readonly design: string;
  readonly lines: readonly CostLine[];
  /** Dollars per million events. */
  readonly totalUsd: number;
}

const EVENTS = 1_000_000;

/**
 * Dollars per million events. SQS requests per message: the SNS delivery (SendMessage) per 64 KB chunk; per batch:
 * one ReceiveMessage and one DeleteMessageBatch (empty receives of the event source mapping's long polling are not counted).
 */
export function costPerMillionEvents(design: IngestDesign): DesignCost {
  if (design.recordsPerMessage < 1 || design.messagesPerInvocation < 1)
    throw new Error('records per message and messages per invocation must be at least 1');
  const messages = EVENTS / design.recordsPerMessage;
  const chunksPerMessage = Math.max(1, Math.ceil((design.recordsPerMessage * design.eventBytes) / BILLING_CHUNK_BYTES));
  const invocations = messages / design.messagesPerInvocation;
  const snsRequests = messages * chunksPerMessage;
  const sqsRequests = messages * chunksPerMessage + invocations * 2;
  const gbSeconds = invocations * (Math.ceil(design.lambdaMsPerInvocation) / 1000) * (design.lambdaMemoryMb / 1024);
  const puts = invocations * design.objectsPerInvocation;
  const lines: CostLine[] = [
    { item: 'SNS publish requests', requests: snsRequests, usd: (snsRequests / 1e6) * SNS_PUBLISH_USD_PER_MILLION },
    { item: 'SNS → SQS deliveries', requests: snsRequests, usd: (snsRequests / 1e6) * SNS_TO_SQS_DELIVERY_USD_PER_MILLION },
    { item: 'SQS requests (send, receive, delete)', requests: sqsRequests, usd: (sqsRequests / 1e6) * SQS_REQUEST_USD_PER_MILLION },
    { item: 'Lambda invocations', requests: invocations, usd: (invocations / 1e6) * LAMBDA_REQUEST_USD_PER_MILLION },
    { item: 'Lambda GB-seconds (arm64)', requests: gbSeconds, usd: gbSeconds * LAMBDA_ARM64_USD_PER_GB_SECOND },
    { item: 'S3 PUT requests', requests: puts, usd: (puts / 1000) * S3_PUT_USD_PER_THOUSAND },
  ];
  return { design: design.name, lines, totalUsd: lines.reduce((sum, line) => sum + line.usd, 0) };
}

/** The per-message design for the same events: one record per publish, one invocation and one S3 object per message. */
export function perMessageDesign(eventBytes: number, lambdaMsPerInvocation: number, lambdaMemoryMb: number): IngestDesign {
  return {
    name: 'per-message (1 invocation + 1 object per message)',
    eventBytes,
    recordsPerMessage: 1,
    messagesPerInvocation: 1,
    objectsPerInvocation: 1,
    lambdaMsPerInvocation,
    lambdaMemoryMb,
  };
}
