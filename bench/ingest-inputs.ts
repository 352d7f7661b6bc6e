/**
 * The ingest side of the cost model's inputs: what is assumed (no AWS here), what the project configures, what AWS
 * limits, and what this run measured, each labelled as such beside its value.
 */
import { INGEST_DEFAULTS } from '../lib/constructs/dataset-pipeline';
import { LAMBDA_PAYLOAD_BYTES } from './batch-window';
import type { ModelInput } from './cost-report';

/** Assumed, not measured (no AWS here): the size of one event. */
export const EVENT_BYTES = 1024;
/** The ingest function's memory and event source batch size: the construct's defaults. */
export const INGEST_MEMORY_MB = INGEST_DEFAULTS.memorySize;
export const INGEST_BATCH_SIZE = INGEST_DEFAULTS.batchSize;
/**
 * Assumed, not measured: bytes an AWS delivery adds to each message over the bench's envelope (a 344-character
 * signature, the signing certificate and unsubscribe URLs, a receipt handle of a few hundred characters, the body's MD5).
 */
export const AWS_FIELD_EXTRA_BYTES = 1000;
/** Assumed, not measured (no AWS here): latency of one round of parallel S3 PUTs from Lambda, milliseconds. */
export const ASSUMED_S3_PUT_MS = 40;
export const PUT_CONCURRENCY = 8;

/** Figures of the ingest bench that feed the cost model. */
export interface IngestFigures {
  readonly msPerRecord: number;
  readonly objectsPerBatch: number;
  /** Messages per batch of the ingest bench. */
  readonly batchSize: number;
  /** SNS envelope and SQS record bytes per message, beyond its text. */
  readonly envelopeBytes: number;
  readonly rawGzipBytesPerRecord: number;
  /** The messages per invocation the cost model derives for each design, as printed. */
  readonly messagesPerInvocation: string;
}

export function ingestModelInputs(figures: IngestFigures): ModelInput[] {
  return [
    { input: 'ingest CPU per record', value: `${figures.msPerRecord.toFixed(4)} ms`, source: 'measured', why: 'ingest bench, this run' },
    {
      input: `objects per ${figures.batchSize}-message batch`,
      value: figures.objectsPerBatch.toFixed(2),
      source: 'measured',
      why: 'ingest bench, this run',
    },
    { input: 'event size', value: `${EVENT_BYTES} B`, source: 'assumed', why: 'a typical 1 KB event' },
    {
      input: 'SNS envelope and SQS record fields per message',
      value: `${figures.envelopeBytes} B`,
      source: 'measured',
      why: 'JSON of the bench SQS records minus their message text',
    },
    {
      input: 'AWS delivery fields beyond the bench envelope',
      value: `${AWS_FIELD_EXTRA_BYTES} B`,
      source: 'assumed',
      why: 'signature, certificate and unsubscribe URLs, receipt handle, MD5',
    },
    { input: 'raw gzip bytes per record', value: String(figures.rawGzipBytesPerRecord), source: 'measured', why: 'ingest bench, this run' },
    { input: 'S3 PUT round', value: `${ASSUMED_S3_PUT_MS} ms per ${PUT_CONCURRENCY} parallel PUTs`, source: 'assumed', why: 'no AWS here' },
    { input: 'event source batch size', value: String(INGEST_BATCH_SIZE), source: 'configured', why: 'INGEST_DEFAULTS' },
    {
      input: 'batching window',
      value: `${INGEST_DEFAULTS.maxBatchingWindowSeconds} s`,
      source: 'configured',
      why: 'INGEST_DEFAULTS',
    },
    { input: 'ingest memory', value: `${INGEST_MEMORY_MB} MB arm64`, source: 'configured', why: 'INGEST_DEFAULTS' },
    { input: 'Lambda payload', value: `${LAMBDA_PAYLOAD_BYTES} B`, source: 'AWS limit', why: 'caps messages per invocation' },
    {
      input: 'messages per invocation',
      value: figures.messagesPerInvocation,
      source: 'assumed',
      why: 'derived: batch size capped by payload / (event × records + envelope)',
    },
  ];
}
