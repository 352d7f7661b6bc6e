import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3LakeListing } from '../../../../lambdas/adapters/s3-lake-listing';

const s3 = mockClient(S3Client);
const listing = () => new S3LakeListing(new S3Client({ region: 'us-east-1' }), 'lake');

afterEach(() => s3.reset());

describe('S3 lake listing', () => {
  it('follows continuation tokens until the last page', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 'a' }],
      IsTruncated: true,
      NextContinuationToken: 't1',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 't1' }).resolves({ Contents: [{ Key: 'b' }], IsTruncated: false });

    // Act
    const keys = await listing().listKeys('raw/passengers/');

    // Assert
    expect(keys).toEqual(['a', 'b']);
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'lake', Prefix: 'raw/passengers/' },
      { Bucket: 'lake', Prefix: 'raw/passengers/', ContinuationToken: 't1' },
    ]);
  });

  it('lists the next level of folders with delimiter /', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({ CommonPrefixes: [{ Prefix: 'raw/passengers/dt=2026-01-02/' }] });

    // Act
    const prefixes = await listing().listPrefixes('raw/passengers/');

    // Assert
    expect(prefixes).toEqual(['raw/passengers/dt=2026-01-02/']);
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({ Bucket: 'lake', Prefix: 'raw/passengers/', Delimiter: '/' });
  });

  it('deletes in batches of at most 1000 keys, quietly', async () => {
    // Prepare
    s3.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 2001 }, (_, index) => `curated/k${index}`);

    // Act
    await listing().deleteKeys(keys);

    // Assert
    const batches = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete);
    expect(batches.map((batch) => [batch?.Objects?.length, batch?.Quiet])).toEqual([
      [1000, true],
      [1000, true],
      [1, true],
    ]);
  });

  it('fails when S3 answers per-key errors, naming the first', async () => {
    // Prepare
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'curated/k1', Code: 'AccessDenied', Message: 'Access Denied' }] });

    // Act
    const deletion = listing().deleteKeys(['curated/k1', 'curated/k2']);

    // Assert
    await expect(deletion).rejects.toThrow('S3 did not delete 1 of 2 objects; first curated/k1: AccessDenied Access Denied');
  });

  it('sends nothing for no keys', async () => {
    // Act
    await listing().deleteKeys([]);

    // Assert
    expect(s3.calls()).toHaveLength(0);
  });
});
