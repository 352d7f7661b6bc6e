import { randomUUID } from 'node:crypto';
import { appendFile, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { FilesystemObjectStore } from '../../lambdas/adapters/filesystem-object-store';
import { createIngestHandler } from '../../lambdas/ingest/handler';
import { Spool } from '../../local/spool/spool';
import type { SpooledMessage } from '../../local/spool/spooled-message';
import { buildSqsEvent } from '../../local/spool/sqs-event';
import { topicArn } from '../../local/topics';
import { queryAllRows, readLakeLines, snsClient, startTestLocalMode, temporaryDataDir } from './support/local-mode-fixture';

const DAY = '2025-06-06';
const message = (id: number): SpooledMessage => ({
  messageId: randomUUID(),
  topicArn: topicArn('passengers'),
  message: JSON.stringify({
    passenger_id: id,
    flight_id: 66,
    name: `Spooled ${id}`,
    seat_number: '6F',
    boarded_at: `${DAY}T06:06:06.000Z`,
  }),
  timestamp: new Date().toISOString(),
});

describe('spool recovery and batch redelivery', () => {
  const dirs: string[] = [];

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('redelivers a batch interrupted mid-ingest with the same membership, so its objects are overwritten, not duplicated', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const store = new FilesystemObjectStore(join(dataDir, 'lake'));
    const ingest = createIngestHandler({ store, dataset: passengers });
    const spool = await Spool.open(join(dataDir, 'spool'));
    const messages = [message(1), message(2), message(3)];
    await spool.append(messages);
    const manifest = await spool.beginBatch(messages.map((entry) => ({ message: entry, receiveCount: 1 })));
    await ingest(buildSqsEvent('passengers', manifest.messages, new Date()));
    // The process dies here: the objects are written but the batch's outcome never reached the journal.

    // Act
    const reopened = await Spool.open(join(dataDir, 'spool'));
    const redelivered = reopened.interrupted;
    for (const batch of redelivered) await ingest(buildSqsEvent('passengers', batch.messages, new Date()));
    const files = await readdir(join(dataDir, 'lake', 'raw', 'passengers', `dt=${DAY}`));
    const lines = await readLakeLines(join(dataDir, 'lake'), 'raw/passengers');
    await spool.close();
    await reopened.close();

    // Assert
    expect(redelivered.map((batch) => batch.messages.map((entry) => entry.message.messageId))).toEqual([
      messages.map((entry) => entry.messageId),
    ]);
    expect(reopened.pending).toEqual([]);
    expect(files.filter((name) => name.endsWith('.json.gz'))).toHaveLength(1);
    expect(lines.map((line) => line.passenger_id).sort()).toEqual([1, 2, 3]);
  });

  it('does not redeliver a finished batch and keeps the failure count of a failed one across a restart', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const spool = await Spool.open(dataDir);
    const [stored, failed] = [message(1), message(2)];
    if (!stored || !failed) throw new Error('unreachable');
    await spool.append([stored, failed]);
    const manifest = await spool.beginBatch([
      { message: stored, receiveCount: 1 },
      { message: failed, receiveCount: 1 },
    ]);
    await spool.completeBatch(manifest, { stored: [stored.messageId], failed: [failed.messageId], deadLettered: [] });
    await spool.close();

    // Act
    const reopened = await Spool.open(dataDir);
    await reopened.close();

    // Assert
    expect(reopened.interrupted).toEqual([]);
    expect(reopened.pending).toEqual([{ message: failed, receiveCount: 1 }]);
  });

  it('keeps every whole line when the last one is torn (a write that was never acknowledged)', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const spool = await Spool.open(dataDir);
    const kept = message(1);
    await spool.append([kept]);
    await spool.close();
    const [segment] = await readdir(join(dataDir, 'segments'));
    await appendFile(join(dataDir, 'segments', segment ?? ''), '{"m":{"messageId":"torn","topicArn');

    // Act
    const reopened = await Spool.open(dataDir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(reopened.pending).toEqual([{ message: kept, receiveCount: 0 }]);
  });
});

describe('batcher retries and dead letters', () => {
  it('delivers a published record when the batch window closes, without an explicit flush', async () => {
    // Prepare
    const mode = await startTestLocalMode({ batchWindowMs: 200 });
    const client = snsClient(mode.snsUrl);
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: message(31).message }));
    client.destroy();

    // Act
    let rows: Record<string, unknown>[] = [];
    for (let attempt = 0; attempt < 200 && rows.length === 0; attempt++) {
      rows = (await queryAllRows(mode.apiUrl, 'passengers', { from: DAY, to: DAY })).rows;
      if (rows.length === 0) await sleep(50);
    }
    await mode.dispose();

    // Assert
    expect(rows.map((row) => row.passenger_id)).toEqual([31]);
  });

  it('retries the items the handler reports as failed with a growing receive count, then stores them once', async () => {
    // Prepare
    const receiveCounts: string[] = [];
    let failNext = true;
    const mode = await startTestLocalMode({
      retryDelayMs: 20,
      ingestHandler: (dataset, store) => {
        const real = createIngestHandler({ store, dataset });
        return async (event: SQSEvent): Promise<SQSBatchResponse> => {
          receiveCounts.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
          if (failNext) {
            failNext = false;
            const [first, ...rest] = event.Records;
            await real({ Records: rest });
            return { batchItemFailures: first ? [{ itemIdentifier: first.messageId }] : [] };
          }
          return real(event);
        };
      },
    });
    const client = snsClient(mode.snsUrl);
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: message(1).message }));
    client.destroy();

    // Act
    await mode.flush();
    for (let attempt = 0; attempt < 100 && receiveCounts.length < 2; attempt++) await sleep(20);
    await mode.flush();
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: DAY, to: DAY });
    await mode.dispose();

    // Assert
    expect(receiveCounts).toEqual(['1', '2']);
    expect(rows.map((row) => row.passenger_id)).toEqual([1]);
  });

  it('moves a message that fails maxReceives times to the dead-letter directory with its receive count', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    const mode = await startTestLocalMode({
      dataDir,
      retryDelayMs: 10,
      maxReceives: 3,
      ingestHandler: () => async (event: SQSEvent) => ({
        batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
      }),
    });
    const client = snsClient(mode.snsUrl);
    const answer = await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: '{"poison":true}' }));
    client.destroy();
    const deadLetterFile = join(mode.deadLetterDir, 'passengers', `${answer.MessageId}.json`);

    // Act
    let deadLetter: string | undefined;
    for (let attempt = 0; attempt < 200 && deadLetter === undefined; attempt++) {
      deadLetter = await readFile(deadLetterFile, 'utf8').catch(() => undefined);
      if (deadLetter === undefined) await sleep(25);
    }
    await mode.dispose();

    // Assert
    expect(JSON.parse(deadLetter ?? '{}')).toMatchObject({ messageId: answer.MessageId, message: '{"poison":true}', receiveCount: 3 });
  });
});
