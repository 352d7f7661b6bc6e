import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Batcher, type DeliverBatch } from '../../../../local/spool/batcher';
import { deadLetterDirectory } from '../../../../local/spool/dead-letters';
import { LocalQueue } from '../../../../local/spool/local-queue';
import { Spool } from '../../../../local/spool/spool';
import type { SpooledMessage } from '../../../../local/spool/spooled-message';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { temporaryDirectories } from '../../../support/temporary-directories';

const MAX_RECEIVES = 3;

const queueOn = (spool: Spool, dataDir: string, deliver: DeliverBatch) => {
  const queue = new LocalQueue({
    spool,
    deadLetters: deadLetterDirectory(join(dataDir, 'dead-letter'), 'passengers'),
    maxReceiveCount: MAX_RECEIVES,
    visibilityTimeoutMs: 10,
  });
  return { queue, batcher: new Batcher({ dataset: 'passengers', queue, deliver, batchSize: 10, windowMs: 10 }) };
};

/** Opens the spool, starts delivering (the messages, or what a restart finds) and "dies" before the delivery answers. */
async function crashDuringDelivery(dataDir: string, spoolDir: string, messages: readonly SpooledMessage[] | undefined): Promise<void> {
  const spool = await Spool.open(spoolDir);
  let delivering: () => void = () => {};
  const delivered = new Promise<void>((resolve) => {
    delivering = resolve;
  });
  const { queue, batcher } = queueOn(spool, dataDir, () => {
    delivering();
    return new Promise(() => {});
  });
  batcher.start();
  if (messages) await queue.send(messages);
  await delivered;
  await spool.close();
}

describe('spool crash loop', () => {
  const newDirectory = temporaryDirectories('lakeline-spool-');

  it('counts every interrupted delivery as a receive and dead-letters a batch that never survives its delivery', async () => {
    // Prepare
    const dataDir = await newDirectory();
    const spoolDir = join(dataDir, 'spool');
    const poison = spooledMessage('{"poison": true}');
    await crashDuringDelivery(dataDir, spoolDir, [poison]);
    for (let restart = 1; restart < MAX_RECEIVES; restart++) await crashDuringDelivery(dataDir, spoolDir, undefined);
    const delivered: SQSEvent[] = [];

    // Act
    const spool = await Spool.open(spoolDir);
    const { batcher } = queueOn(spool, dataDir, async (event) => {
      delivered.push(event);
      return { batchItemFailures: [] };
    });
    batcher.start();
    await batcher.stop();
    await spool.close();
    const reopened = await Spool.open(spoolDir);

    // Assert
    expect(delivered).toEqual([]);
    const deadLetters = await readdir(join(dataDir, 'dead-letter', 'passengers'));
    expect(deadLetters).toEqual([`${poison.messageId}.json`]);
    const deadLetter = JSON.parse(await readFile(join(dataDir, 'dead-letter', 'passengers', `${poison.messageId}.json`), 'utf8'));
    expect(deadLetter).toMatchObject({ message: poison.message, receiveCount: MAX_RECEIVES });
    expect(reopened.interrupted).toEqual([]);
    expect(reopened.pending).toEqual([]);
    await reopened.close();
  });

  it('redelivers an interrupted batch unchanged while its messages have receives left', async () => {
    // Prepare
    const dataDir = await newDirectory();
    const spoolDir = join(dataDir, 'spool');
    const messages = [spooledMessage('{"a": 1}'), spooledMessage('{"b": 2}')];
    await crashDuringDelivery(dataDir, spoolDir, messages);

    // Act
    const spool = await Spool.open(spoolDir);

    // Assert
    expect(spool.interrupted).toHaveLength(1);
    expect(spool.interrupted[0]?.messages.map((entry) => [entry.message.messageId, entry.receiveCount])).toEqual(
      messages.map((message) => [message.messageId, 1]),
    );
    await spool.close();
  });
});
