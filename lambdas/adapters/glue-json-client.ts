/**
 * A `GlueApi` over the Glue service's JSON protocol: one SigV4-signed POST per call with the operation in
 * `X-Amz-Target` (AWS JSON 1.1, the protocol of the Glue API: https://docs.aws.amazon.com/glue/latest/webapi/CommonParameters.html
 * and https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html), retried with backoff on throttling and server
 * errors as the SDK's standard retry mode does (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider, SourceData } from '@smithy/types';
import { type GlueApi, GlueApiError } from './glue-api';

export interface GlueJsonClientOptions {
  readonly region: string;
  /** @default the keys in the environment, read at each call (in Lambda: the function role's, see `environmentCredentials`) */
  readonly credentials?: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** @default `https://glue.<region>.amazonaws.com` (https://docs.aws.amazon.com/general/latest/gr/glue.html) */
  readonly endpoint?: string;
  /** @default 3, the standard retry mode's attempts */
  readonly maxAttempts?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The execution role's keys, which Lambda puts in every function's environment and the SDK's own chain reads first
 * there: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export async function environmentCredentials(): Promise<AwsCredentialIdentity> {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** SHA-256 in the shape SigV4 takes: a hash, or an HMAC when given a secret. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

const RETRYABLE_ERRORS = new Set([
  'ThrottlingException',
  'InternalServiceException',
  'OperationTimeoutException',
  'ConcurrentModificationException',
]);
const BASE_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 20_000;
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `com.amazonaws.glue#AlreadyExistsException:extra` → `AlreadyExistsException`. */
function errorName(type: string): string {
  return type.split('#').pop()?.split(':')[0] ?? type;
}

export class GlueJsonClient implements GlueApi {
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;

  constructor(private readonly options: GlueJsonClientOptions) {
    this.signer = new SignatureV4({
      service: 'glue',
      region: options.region,
      credentials: options.credentials ?? environmentCredentials,
      sha256: NodeSha256,
    });
    this.endpoint = new URL(options.endpoint ?? `https://glue.${options.region}.amazonaws.com`);
  }

  getTable: GlueApi['getTable'] = (input) => this.call('GetTable', input);
  getPartitions: GlueApi['getPartitions'] = (input) => this.call('GetPartitions', input);
  createPartition: GlueApi['createPartition'] = (input) => this.call('CreatePartition', input);
  updatePartition: GlueApi['updatePartition'] = (input) => this.call('UpdatePartition', input);

  private async call<T>(operation: string, input: object): Promise<T> {
    const attempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(operation, input);
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) throw error;
        // Full jitter, capped: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
        await (this.options.sleep ?? sleepFor)(Math.random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt));
      }
    }
  }

  private async once<T>(operation: string, input: object): Promise<T> {
    const body = JSON.stringify(input);
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      ...(this.endpoint.port === '' ? {} : { port: Number(this.endpoint.port) }),
      path: '/',
      query: {},
      headers: {
        host: this.endpoint.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSGlue.${operation}`,
      },
      body,
    });
    const response = await (this.options.fetch ?? fetch)(this.endpoint, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    const answer: Record<string, unknown> = text === '' ? {} : JSON.parse(text);
    if (response.ok) return answer as T;
    const type = response.headers.get('x-amzn-errortype') ?? (typeof answer.__type === 'string' ? answer.__type : 'UnknownError');
    const message = answer.Message ?? answer.message ?? `HTTP ${response.status}`;
    throw new GlueApiError(errorName(type), `Glue ${operation}: ${String(message)}`, response.status);
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof GlueApiError) return error.statusCode >= 500 || RETRYABLE_ERRORS.has(error.name);
  // fetch rejects with a TypeError on a network failure (no answer at all).
  return error instanceof TypeError;
}
