import { describe, expect, it } from 'vitest';
import { GlueApiError } from '../../../../lambdas/adapters/glue-api';
import { GlueJsonClient } from '../../../../lambdas/adapters/glue-json-client';
import { glueWire, TEST_CREDENTIALS } from '../../../support/glue-wire';

const clientOn = (wire: ReturnType<typeof glueWire>) =>
  new GlueJsonClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, fetch: wire.fetch, sleep: async () => {} });

describe('Glue JSON client', () => {
  it('posts the operation as AWS JSON 1.1, signed for glue in its region', async () => {
    // Prepare
    const wire = glueWire(() => ({ body: { Partitions: [] } }));

    // Act
    const answer = await clientOn(wire).getPartitions({ DatabaseName: 'db', TableName: 't', Expression: "dt = '2026-01-02'" });

    // Assert
    expect(answer).toEqual({ Partitions: [] });
    expect(wire.calls).toEqual([
      {
        operation: 'GetPartitions',
        input: { DatabaseName: 'db', TableName: 't', Expression: "dt = '2026-01-02'" },
        headers: expect.objectContaining({
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSGlue.GetPartitions',
          host: 'glue.eu-west-1.amazonaws.com',
          authorization: expect.stringMatching(
            /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFORTESTS\/\d{8}\/eu-west-1\/glue\/aws4_request, SignedHeaders=.*x-amz-target/,
          ),
        }),
      },
    ]);
  });

  it('fails with the error type Glue names, without retrying a client error', async () => {
    // Prepare
    const wire = glueWire(() => ({ error: 'com.amazonaws.glue#AlreadyExistsException', status: 400 }));

    // Act
    const error = await clientOn(wire)
      .createPartition({
        DatabaseName: 'db',
        TableName: 't',
        PartitionInput: { Values: ['2026-01-02'], StorageDescriptor: {}, Parameters: {} },
      })
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(GlueApiError);
    expect(error).toMatchObject({ name: 'AlreadyExistsException', statusCode: 400 });
    expect(wire.calls).toHaveLength(1);
  });

  it('retries throttling and server errors, up to three attempts', async () => {
    // Prepare
    let attempts = 0;
    const wire = glueWire(() => (++attempts < 3 ? { error: 'ThrottlingException', status: 400 } : { body: { Table: {} } }));
    const failing = glueWire(() => ({ error: 'InternalServiceException', status: 500 }));

    // Act
    const answer = await clientOn(wire).getTable({ DatabaseName: 'db', Name: 't' });
    const failure = clientOn(failing).getTable({ DatabaseName: 'db', Name: 't' });

    // Assert
    expect(answer).toEqual({ Table: {} });
    await expect(failure).rejects.toMatchObject({ name: 'InternalServiceException' });
    expect(failing.calls).toHaveLength(3);
  });
});
