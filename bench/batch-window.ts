/**
 * The SQS event source mapping's batch settings against objects per day and freshness. Pure: the measured figures and
 * the stream's rate come in as arguments (bench/run-all.ts).
 *
 * How a batch ends (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html): the event source
 * mapping invokes the function when the batching window expires, the batch size is reached or the payload reaches
 * 6 MB, whichever comes first. Limits (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): a standard queue's batch size goes up to 10,000 once the
 * window is at least 1 s; the window goes up to 300 s.
 */

/** The synchronous invocation payload limit, which also ends a batch. */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
export const MAX_BATCH_SIZE = 10_000;
export const MAX_BATCHING_WINDOW_SECONDS = 300;
/** The fullest batch a setting allows may use at most this share of the payload limit (events vary in size). */
export const PAYLOAD_MARGIN = 0.5;
/**
 * The batching delay plus the ingest time may use at most this share of the freshness objective: the rest absorbs cold
 * starts, throttling and a retried batch (docs/slo.md).
 */
export const FRESHNESS_MARGIN = 0.25;

const SECONDS_PER_DAY = 86_400;

export interface BatchSetting {
  readonly batchSize: number;
  readonly windowSeconds: number;
}

export interface StreamShape {
  /** SNS messages (one record each) per second reaching one dataset's queue. */
  readonly messagesPerSecond: number;
  /** Bytes one message adds to the invocation payload (the SQS record with the SNS envelope and the event). */
  readonly messageBytes: number;
  /** Ingest CPU per record, milliseconds. */
  readonly ingestMsPerRecord: number;
  /** Time to write one batch's objects, milliseconds. */
  readonly writeMs: number;
  /** Gzip lake bytes of one record. */
  readonly gzipBytesPerRecord: number;
}

export interface BatchLimits {
  /** The freshness objective: a published record is queryable within this many seconds. */
  readonly freshnessObjectiveSeconds: number;
  readonly functionTimeoutSeconds: number;
}

export type BatchTrigger = 'window' | 'batch size' | 'payload';

export interface BatchOutcome {
  readonly setting: BatchSetting;
  /** What ends a batch at this rate. */
  readonly trigger: BatchTrigger;
  readonly messagesPerBatch: number;
  readonly secondsPerBatch: number;
  /** Raw objects per day: one per batch (a live stream's batch falls on one day), plus the batch that spans midnight. */
  readonly objectsPerDay: number;
  /** Mean gzip bytes of one raw object. */
  readonly objectBytes: number;
  readonly ingestSeconds: number;
  /** A record that opens a batch waits the whole batch, then the ingest. */
  readonly worstDelaySeconds: number;
  /** The fullest batch the setting allows (its batch size, at any rate), as a share of the payload limit. */
  readonly fullBatchPayloadShare: number;
  readonly keepsFreshness: boolean;
  readonly keepsPayloadMargin: boolean;
  /** The ingest of a full batch stays within half the function timeout. */
  readonly keepsTimeout: boolean;
}

/** Throws unless the setting is one the event source mapping accepts for a standard queue. */
export function checkBatchSetting(setting: BatchSetting): void {
  const { batchSize, windowSeconds } = setting;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new Error(`batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 0 || windowSeconds > MAX_BATCHING_WINDOW_SECONDS)
    throw new Error(`batching window must be a whole number of seconds from 0 to ${MAX_BATCHING_WINDOW_SECONDS}, got ${windowSeconds}`);
  if (batchSize > 10 && windowSeconds < 1) throw new Error(`a batch size above 10 needs a batching window of at least 1 s`);
}

/** What one setting gives for one stream. */
export function batchOutcome(setting: BatchSetting, stream: StreamShape, limits: BatchLimits): BatchOutcome {
  checkBatchSetting(setting);
  if (!(stream.messagesPerSecond > 0) || !(stream.messageBytes > 0)) throw new Error('the stream needs a positive rate and message size');
  const payloadMessages = Math.floor(LAMBDA_PAYLOAD_BYTES / stream.messageBytes);
  const ends: readonly { trigger: BatchTrigger; seconds: number }[] = [
    { trigger: 'window', seconds: setting.windowSeconds },
    { trigger: 'batch size', seconds: setting.batchSize / stream.messagesPerSecond },
    { trigger: 'payload', seconds: payloadMessages / stream.messagesPerSecond },
  ];
  const first = ends.reduce((earliest, end) => (end.seconds < earliest.seconds ? end : earliest));
  const secondsPerBatch = first.seconds;
  const messagesPerBatch = Math.max(1, Math.min(setting.batchSize, payloadMessages, stream.messagesPerSecond * secondsPerBatch));
  const ingestSeconds = (messagesPerBatch * stream.ingestMsPerRecord + stream.writeMs) / 1000;
  const fullBatchIngestSeconds = (Math.min(setting.batchSize, payloadMessages) * stream.ingestMsPerRecord + stream.writeMs) / 1000;
  const worstDelaySeconds = secondsPerBatch + ingestSeconds;
  const fullBatchPayloadShare = (setting.batchSize * stream.messageBytes) / LAMBDA_PAYLOAD_BYTES;
  return {
    setting,
    trigger: first.trigger,
    messagesPerBatch,
    secondsPerBatch,
    objectsPerDay: Math.ceil(SECONDS_PER_DAY / Math.max(secondsPerBatch, 1 / stream.messagesPerSecond)) + 1,
    objectBytes: messagesPerBatch * stream.gzipBytesPerRecord,
    ingestSeconds,
    worstDelaySeconds,
    fullBatchPayloadShare,
    keepsFreshness: worstDelaySeconds <= limits.freshnessObjectiveSeconds * FRESHNESS_MARGIN,
    keepsPayloadMargin: fullBatchPayloadShare <= PAYLOAD_MARGIN,
    keepsTimeout: fullBatchIngestSeconds <= limits.functionTimeoutSeconds / 2,
  };
}

/** Whether an outcome keeps the freshness objective, the payload limit and the timeout, each with its margin. */
export function keepsLimits(outcome: BatchOutcome): boolean {
  return outcome.keepsFreshness && outcome.keepsPayloadMargin && outcome.keepsTimeout;
}

/**
 * The setting with the fewest objects per day among those that keep every limit; ties go to the one with fewer objects
 * at the quieter rate (where the window, not the batch size, ends batches), then to the fresher one. Undefined if none.
 */
export function bestBatchSetting(
  candidates: readonly BatchSetting[],
  stream: StreamShape,
  quietStream: StreamShape,
  limits: BatchLimits,
): BatchSetting | undefined {
  const ranked = candidates
    .map((setting) => ({ busy: batchOutcome(setting, stream, limits), quiet: batchOutcome(setting, quietStream, limits) }))
    .filter(({ busy, quiet }) => keepsLimits(busy) && keepsLimits(quiet))
    .sort(
      (a, b) =>
        a.busy.objectsPerDay - b.busy.objectsPerDay ||
        a.quiet.objectsPerDay - b.quiet.objectsPerDay ||
        a.busy.worstDelaySeconds - b.busy.worstDelaySeconds,
    );
  return ranked[0]?.busy.setting;
}

/** Settings compared by the benchmark report: the former default, larger windows, and the largest batch sizes. */
export const BATCH_CANDIDATES: readonly BatchSetting[] = [
  { batchSize: 1000, windowSeconds: 10 },
  { batchSize: 1000, windowSeconds: 60 },
  { batchSize: 1000, windowSeconds: 120 },
  { batchSize: 2000, windowSeconds: 60 },
  { batchSize: 10_000, windowSeconds: 60 },
  { batchSize: 10_000, windowSeconds: 120 },
  { batchSize: 10_000, windowSeconds: 300 },
];

/** The rate the settings are compared at (one dataset), and a quieter one where the window ends batches. */
export const BUSY_MESSAGES_PER_SECOND = 100;
export const QUIET_MESSAGES_PER_SECOND = 10;
