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

/*
 * The query side: dollars of one query over a range of days, raw (gzip NDJSON, every byte of every object read) or
 * compacted (ZSTD Parquet, only the column chunks read).
 * - Athena https://aws.amazon.com/athena/pricing/ — $5 per TB scanned, rounded up to the nearest megabyte, with a
 *   10 MB minimum per query (TB and MB taken as 2^40 and 2^20 bytes).
 * - S3 Standard https://aws.amazon.com/s3/pricing/ — GET requests $0.0004 per 1,000.
 */
export const ATHENA_USD_PER_TB_SCANNED = 5;
export const ATHENA_MIN_BYTES_PER_QUERY = 10 * 2 ** 20;
export const S3_GET_USD_PER_THOUSAND = 0.0004;
export const QUERY_PRICES_SOURCE =
  'Athena $5/TB scanned, 10 MB minimum (aws.amazon.com/athena/pricing); S3 GET $0.0004/1,000 (aws.amazon.com/s3/pricing)';

export interface QueryScan {
  readonly name: string;
  /** Bytes the engine reads for the query. */
  readonly bytesScanned: number;
  /** S3 GET requests the engine makes for it. */
  readonly getRequests: number;
}

export interface QueryCost {
  readonly name: string;
  /** The bytes Athena bills: whole megabytes, at least 10 MB. */
  readonly billedBytes: number;
  readonly athenaUsd: number;
  readonly getRequests: number;
  readonly s3GetUsd: number;
  readonly totalUsd: number;
}

/** Dollars of one query. */
export function costPerQuery(scan: QueryScan): QueryCost {
  if (scan.bytesScanned < 0 || scan.getRequests < 0) throw new Error('bytes scanned and GET requests cannot be negative');
  const billedBytes = Math.max(ATHENA_MIN_BYTES_PER_QUERY, Math.ceil(scan.bytesScanned / 2 ** 20) * 2 ** 20);
  const athenaUsd = (billedBytes / 2 ** 40) * ATHENA_USD_PER_TB_SCANNED;
  const s3GetUsd = (scan.getRequests / 1000) * S3_GET_USD_PER_THOUSAND;
  return { name: scan.name, billedBytes, athenaUsd, getRequests: scan.getRequests, s3GetUsd, totalUsd: athenaUsd + s3GetUsd };
}

export interface RawLayout {
  /** Gzip NDJSON bytes per row: a JSON object is read whole, whatever the query needs of it. */
  readonly bytesPerRow: number;
  /** Raw objects per day (from the ingest's batch settings); each is one GET. */
  readonly objectsPerDay: number;
}

export interface CompactedLayout {
  /** Parquet bytes per row of the column chunks the query reads. */
  readonly bytesPerRowRead: number;
  readonly filesPerDay: number;
  readonly rowGroupsPerDay: number;
  readonly columnsRead: number;
}

export interface QueryShape {
  readonly rowsPerDay: number;
  readonly days: number;
}

/** A raw query reads every object of every day in the range, whole, with one GET each. */
export function rawScan(name: string, shape: QueryShape, layout: RawLayout): QueryScan {
  return {
    name,
    bytesScanned: shape.rowsPerDay * shape.days * layout.bytesPerRow,
    getRequests: Math.ceil(layout.objectsPerDay) * shape.days,
  };
}

/**
 * A compacted query reads the column chunks it needs: a ranged GET per column chunk read, and two per file for the
 * footer (its length, then the footer itself).
 */
export function compactedScan(name: string, shape: QueryShape, layout: CompactedLayout): QueryScan {
  const getsPerDay = layout.filesPerDay * 2 + layout.rowGroupsPerDay * layout.columnsRead;
  return { name, bytesScanned: shape.rowsPerDay * shape.days * layout.bytesPerRowRead, getRequests: getsPerDay * shape.days };
}
