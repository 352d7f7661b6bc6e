import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { deadLetterDirectory } from '../../../../local/spool/dead-letters';
import { INTERRUPTED_RECEIVES, LocalQueue, received } from '../../../../local/spool/local-queue';
import { Spool } from '../../../../local/spool/spool';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { temporaryDirectories } from '../../../support/temporary-directories';

const MAX_RECEIVES = 3;

describe('local queue', () => {
  const dataDir = temporaryDirectories('lakeline-queue-');
  const queues: LocalQueue[] = [];

  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close().catch(() => {});
  });

  async function openQueue(dir: string, visibilityTimeoutMs = 0): Promise<LocalQueue> {
    const spool = await Spool.open(join(dir, 'spool'), { log: () => {} });
    const queue = new LocalQueue({
      spool,
      deadLetters: deadLetterDirectory(join(dir, 'dead-letter'), 'passengers'),
      maxReceiveCount: MAX_RECEIVES,
      visibilityTimeoutMs,
    });
    queues.push(queue);
    return queue;
  }

  /** Receives once, waiting out the visibility timeout of a message failed earlier. */
  async function receiveVisible(queue: LocalQueue) {
    for (let attempt = 0; attempt < 200 && queue.waiting === 0; attempt++) await sleep(2);
    const delivery = await queue.receive(10);
    if (!delivery) throw new Error('nothing received');
    return delivery;
  }

  it('raises a receive count by exactly one per receive', () => {
    // Prepare
    const message = spooledMessage('{}');

    // Act
    const counts = [0, 1, 4].map((receiveCount) => received({ message, receiveCount }).receiveCount);

    // Assert
    expect(counts).toEqual([1, 2, 5]);
  });

  it('counts each delivery of a message that keeps failing once: 1, 2, 3', async () => {
    // Prepare
    const queue = await openQueue(await dataDir());
    const message = spooledMessage('{"fails": true}');
    await queue.send([message]);
    const counts: number[] = [];

    // Act
    for (let delivery = 0; delivery < MAX_RECEIVES; delivery++) {
      const batch = await receiveVisible(queue);
      counts.push(...batch.messages.map((entry) => entry.receiveCount));
      await queue.settle(batch, new Set([message.messageId]), 'still failing');
    }

    // Assert
    expect(counts).toEqual([1, 2, 3]);
  });

  it('keeps a failed message hidden for the visibility timeout before it can be received again', async () => {
    // Prepare
    const queue = await openQueue(await dataDir(), 200);
    const message = spooledMessage('{}');
    await queue.send([message]);
    const batch = await queue.receive(10);
    if (!batch) throw new Error('nothing received');

    // Act
    await queue.settle(batch, new Set([message.messageId]));
    const hiddenRightAfter = await queue.receive(10);
    await sleep(260);
    const afterTimeout = await queue.receive(10);

    // Assert
    expect(hiddenRightAfter).toBeUndefined();
    expect(afterTimeout?.messages.map((entry) => [entry.message.messageId, entry.receiveCount])).toEqual([[message.messageId, 2]]);
  });

  it('keeps the receive count of a failed message across a restart, and the next receive counts on from it', async () => {
    // Prepare
    const dir = await dataDir();
    const queue = await openQueue(dir);
    const message = spooledMessage('{}');
    await queue.send([message]);
    const first = await receiveVisible(queue);
    await queue.settle(first, new Set([message.messageId]));
    await queue.close();

    // Act
    const restarted = await openQueue(dir);
    const again = await receiveVisible(restarted);

    // Assert
    expect(again.messages.map((entry) => entry.receiveCount)).toEqual([2]);
  });

  it('counts a receive a crash cut short: the restart redelivers the same batch with the next receive count', async () => {
    // Prepare
    const dir = await dataDir();
    const queue = await openQueue(dir);
    const messages = [spooledMessage('{"a": 1}'), spooledMessage('{"b": 2}')];
    await queue.send(messages);
    await queue.receive(10);
    // The process dies during the delivery: nothing is settled.
    await queue.close();

    // Act
    const restarted = await openQueue(dir);
    const redelivered = await restarted.receive(1);

    // Assert
    expect(redelivered?.messages.map((entry) => [entry.message.messageId, entry.receiveCount])).toEqual(
      messages.map((message) => [message.messageId, 2]),
    );
  });

  it('moves a message to the dead letters when its last allowed receive fails, with its receive count and last error', async () => {
    // Prepare
    const dir = await dataDir();
    const queue = await openQueue(dir);
    const [poison, fine] = [spooledMessage('{"poison": true}'), spooledMessage('{"fine": true}')];
    if (!poison || !fine) throw new Error('unreachable');
    await queue.send([poison]);

    // Act
    for (let delivery = 0; delivery < MAX_RECEIVES; delivery++) {
      await queue.settle(await receiveVisible(queue), new Set([poison.messageId]), 'bad record');
    }
    await queue.send([fine]);
    const next = await receiveVisible(queue);
    await queue.close();
    const reopened = await Spool.open(join(dir, 'spool'));
    await reopened.close();

    // Assert
    expect(next.messages.map((entry) => entry.message.messageId)).toEqual([fine.messageId]);
    expect(await readdir(join(dir, 'dead-letter', 'passengers'))).toEqual([`${poison.messageId}.json`]);
    const deadLetter = JSON.parse(await readFile(join(dir, 'dead-letter', 'passengers', `${poison.messageId}.json`), 'utf8'));
    expect(deadLetter).toMatchObject({ messageId: poison.messageId, receiveCount: MAX_RECEIVES, lastError: 'bad record' });
    expect(reopened.pending.map((entry) => entry.message.messageId)).toEqual([]);
  });

  it('dead-letters the messages of an interrupted batch whose receives are used up and redelivers the others', async () => {
    // Prepare
    const dir = await dataDir();
    const spool = await Spool.open(join(dir, 'spool'));
    const [usedUp, left] = [spooledMessage('{"used": "up"}'), spooledMessage('{"receives": "left"}')];
    if (!usedUp || !left) throw new Error('unreachable');
    await spool.append([usedUp, left]);
    await spool.beginBatch([
      { message: usedUp, receiveCount: MAX_RECEIVES },
      { message: left, receiveCount: 1 },
    ]);
    await spool.close();

    // Act
    const queue = await openQueue(dir);
    const redelivered = await queue.receive(10);

    // Assert
    expect(redelivered?.messages.map((entry) => [entry.message.messageId, entry.receiveCount])).toEqual([[left.messageId, 2]]);
    const deadLetter = JSON.parse(await readFile(join(dir, 'dead-letter', 'passengers', `${usedUp.messageId}.json`), 'utf8'));
    expect(deadLetter).toMatchObject({ messageId: usedUp.messageId, receiveCount: MAX_RECEIVES, lastError: INTERRUPTED_RECEIVES });
  });

  it('finishes a stored message for good: neither received again nor found after a restart', async () => {
    // Prepare
    const dir = await dataDir();
    const queue = await openQueue(dir);
    const message = spooledMessage('{}');
    await queue.send([message]);

    // Act
    await queue.settle(await receiveVisible(queue), new Set());
    const again = await queue.receive(10);
    await queue.close();
    const reopened = await Spool.open(join(dir, 'spool'));
    await reopened.close();

    // Assert
    expect(again).toBeUndefined();
    expect(reopened.pending).toEqual([]);
    expect(reopened.interrupted).toEqual([]);
  });
});
