import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { localDeadLetterDir, redriveLocal } from '../../local/cli/commands/redrive-command';
import { type LocalMode, startLocalMode } from '../../local/local-mode';

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('lakeline redrive in local mode', () => {
  let mode: LocalMode | undefined;
  let dataDir: string | undefined;
  let client: SNSClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await mode?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('republishes dead-lettered messages so the ingest stores them, and empties the dead-letter directory', async () => {
    // Prepare
    dataDir = await mkdtemp(join(tmpdir(), 'lakeline-redrive-'));
    let ingestFails = true;
    mode = await startLocalMode({
      dataDir,
      snsPort: 0,
      apiPort: 0,
      maxReceives: 1,
      onError: () => {},
      ingestHandler: (dataset, store) => {
        const ingest = createIngestHandler({ store, dataset });
        return async (event) =>
          ingestFails ? { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) } : ingest(event);
      },
    });
    client = new SNSClient({ endpoint: mode.snsUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const record = { passenger_id: 42, flight_id: 7, name: 'Ada', seat_number: '1A', boarded_at: '2026-11-20T10:00:00Z' };
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(record) }));
    await mode.flush();
    const deadLetters = localDeadLetterDir(dataDir, 'passengers');
    expect(await filesUnder(deadLetters)).toHaveLength(1);
    ingestFails = false;

    // Act
    const result = await redriveLocal(client, { dataset: 'passengers', dataDir });
    await mode.flush();

    // Assert
    expect(result).toEqual({ republished: 1, failed: [] });
    expect(await filesUnder(deadLetters)).toEqual([]);
    expect((await filesUnder(join(mode.lakeDir, 'raw', 'passengers', 'dt=2026-11-20'))).length).toBe(1);
  });

  it('keeps the dead-letter files and names the failure when the endpoint refuses them', async () => {
    // Prepare
    dataDir = await mkdtemp(join(tmpdir(), 'lakeline-redrive-'));
    mode = await startLocalMode({
      dataDir,
      snsPort: 0,
      apiPort: 0,
      maxReceives: 1,
      onError: () => {},
      ingestHandler: () => async (event) => ({ batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) }),
    });
    client = new SNSClient({ endpoint: mode.snsUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: '{}' }));
    await mode.flush();
    await mode.stop();
    mode = undefined;

    // Act
    const result = await redriveLocal(client, { dataset: 'passengers', dataDir });

    // Assert
    expect(result.republished).toBe(0);
    expect(result.failed).toHaveLength(1);
    expect(await filesUnder(localDeadLetterDir(dataDir, 'passengers'))).toHaveLength(1);
  });
});
