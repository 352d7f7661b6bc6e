/** The lake's layout on S3: paginated listings under a prefix, and batched deletes that fail on any key S3 refused. */
import { DeleteObjectsCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { LakeListing } from '../core/ports/lake-listing';

/** DeleteObjects takes at most 1000 keys per request: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html */
const MAX_KEYS_PER_DELETE = 1000;

export class S3LakeListing implements LakeListing {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async listKeys(prefix: string): Promise<readonly string[]> {
    const keys: string[] = [];
    for await (const page of this.pages(prefix, undefined)) {
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    }
    return keys;
  }

  /** With delimiter `/`, S3 rolls up the keys below the next `/` into CommonPrefixes, each ending with `/`. */
  async listPrefixes(prefix: string): Promise<readonly string[]> {
    const prefixes: string[] = [];
    for await (const page of this.pages(prefix, '/')) {
      for (const common of page.CommonPrefixes ?? []) if (common.Prefix !== undefined) prefixes.push(common.Prefix);
    }
    return prefixes;
  }

  /**
   * Quiet mode: S3 answers only the keys it could not delete, under Errors, with HTTP 200; deleting a key that does
   * not exist is a success (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html). On a versioned
   * bucket a delete without a version id adds a delete marker, and the lifecycle rule removes the old versions.
   */
  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_DELETE) {
      const batch = keys.slice(start, start + MAX_KEYS_PER_DELETE);
      const output = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const errors = output.Errors ?? [];
      if (errors.length > 0) {
        const first = errors[0];
        throw new Error(
          `S3 did not delete ${errors.length} of ${batch.length} objects; first ${first?.Key}: ${first?.Code} ${first?.Message ?? ''}`.trim(),
        );
      }
    }
  }

  /** ListObjectsV2 answers at most 1000 keys per page and a continuation token while more follow. */
  private async *pages(prefix: string, delimiter: string | undefined): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
