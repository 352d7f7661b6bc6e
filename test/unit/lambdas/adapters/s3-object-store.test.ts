import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../lambdas/adapters/s3-object-store';

const s3 = mockClient(S3Client);

afterEach(() => {
  s3.reset();
});

describe('S3ObjectStore', () => {
  it('puts the object with its key, body, NDJSON content type and gzip encoding', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'lake');
    const body = new Uint8Array([1, 2, 3]);

    // Act
    await store.putObject({
      key: 'raw/passengers/dt=2025-01-31/a.json.gz',
      body,
      contentType: 'application/x-ndjson',
      contentEncoding: 'gzip',
    });

    // Assert
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'lake',
      Key: 'raw/passengers/dt=2025-01-31/a.json.gz',
      Body: body,
      ContentType: 'application/x-ndjson',
      ContentEncoding: 'gzip',
    });
  });

  it('rejects when S3 refuses the put', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'lake');

    // Act
    const put = store.putObject({ key: 'k', body: new Uint8Array(), contentType: 'application/x-ndjson' });

    // Assert
    await expect(put).rejects.toThrow('AccessDenied');
  });
});

describe('S3ObjectStore with the real SDK retry strategy', () => {
  /** An S3 client whose HTTP layer answers from a script: no network, but the SDK's own retry middleware runs. */
  function scriptedClient(statuses: number[]): { client: S3Client; attempts: () => number } {
    let attempts = 0;
    const client = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: {
        handle: async () => {
          const statusCode = statuses[Math.min(attempts, statuses.length - 1)] ?? 200;
          attempts++;
          const body = statusCode === 200 ? '' : '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>';
          return { response: { statusCode, headers: {}, body: Readable.from([Buffer.from(body)]) } };
        },
      },
    });
    return { client, attempts: () => attempts };
  }

  it('retries a throttled put with backoff until it succeeds', async () => {
    // Prepare
    s3.restore();
    const { client, attempts } = scriptedClient([503, 503, 200]);
    const store = new S3ObjectStore(client, 'lake');

    // Act
    await store.putObject({ key: 'k', body: new Uint8Array([1]), contentType: 'application/x-ndjson', contentEncoding: 'gzip' });

    // Assert
    expect(attempts()).toBe(3);
  });

  it('gives up after the client’s maximum attempts', async () => {
    // Prepare
    s3.restore();
    const { client, attempts } = scriptedClient([503]);
    const store = new S3ObjectStore(client, 'lake');

    // Act
    const put = store.putObject({ key: 'k', body: new Uint8Array([1]), contentType: 'application/x-ndjson' });

    // Assert
    await expect(put).rejects.toThrow();
    expect(attempts()).toBe(3);
  });
});
