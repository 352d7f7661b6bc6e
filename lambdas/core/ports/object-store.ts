/** The port through which the ingest writes to the lake (S3 on AWS, a directory locally). */

export interface PutObjectInput {
  /** Lake key, e.g. `raw/passengers/dt=2025-01-31/<id>.json.gz`. */
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly contentEncoding?: string;
}

export interface ObjectStore {
  /** Writes (or overwrites) one object; resolves once it is durable, rejects on failure. */
  putObject(input: PutObjectInput): Promise<void>;
}
