import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, PutObjectInput } from '../core/ports/object-store';

/** Writes lake objects to S3. Throttling and transient errors are retried by the client's standard retry strategy (backoff). */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putObject(input: PutObjectInput): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: input.key,
        Body: input.body,
        ContentType: input.contentType,
        ContentEncoding: input.contentEncoding,
      }),
    );
  }
}
