import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadLetterDirectory } from '../../../../local/spool/dead-letters';
import { LocalQueue } from '../../../../local/spool/local-queue';
import { Spool } from '../../../../local/spool/spool';
import type { BatchManifest } from '../../../../local/spool/spool-shapes';
import type { QueuedMessage } from '../../../../local/spool/spooled-message';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { LimitedDisk } from '../../../support/limited-disk';
import { temporaryDirectories } from '../../../support/temporary-directories';

const MAX_RECEIVES = 3;
const VISIBILITY_MS = 50;
const counts = (entries: readonly QueuedMessage[] | undefined) => entries?.map((entry) => [entry.message.messageId, entry.receiveCount]);

describe('local queue: limits, restarts and full disks', () => {
  const dataDir = temporaryDirectories('lakeline-queue-');
  const queues: LocalQueue[] = [];

  afterEach(async () => {
    vi.useRealTimers();
    for (const queue of queues.splice(0)) await queue.close().catch(() => {});
  });

  async function openQueue(dir: string, disk = new LimitedDisk(64 * 1024 * 1024), listening = true) {
    const spool = await Spool.open(join(dir, 'spool'), { log: () => {}, files: disk });
    const errors: unknown[] = [];
    const queue = new LocalQueue({
      spool,
      deadLetters: deadLetterDirectory(join(dir, 'dead-letter'), 'passengers'),
      maxReceiveCount: MAX_RECEIVES,
      visibilityTimeoutMs: VISIBILITY_MS,
      ...(listening ? { onError: (error: unknown) => errors.push(error) } : {}),
    });
    queues.push(queue);
    return { queue, spool, disk, errors };
  }

  /** A queue opened again over a spool holding one batch of one message that the restart interrupted. */
  async function reopenedAfterInterruptedBatch(listening: boolean) {
    const dir = await dataDir();
    const { queue: first } = await openQueue(dir);
    const message = spooledMessage('{}');
    await first.send([message]);
    await first.receive(10);
    await first.close();
    return { ...(await openQueue(dir, undefined, listening)), message };
  }

  /** The batch the queue hands out next; fails the test when it hands out nothing. */
  async function received(queue: LocalQueue): Promise<BatchManifest> {
    const delivery = await queue.receive(10);
    if (!delivery) throw new Error('nothing received');
    return delivery;
  }

  /** Lets the visibility timeout of a hidden message run out (timers faked; file I/O real). */
  async function afterVisibilityTimeout(): Promise<void> {
    await vi.advanceTimersByTimeAsync(VISIBILITY_MS);
  }

  it('hands out at most `max` messages per receive, oldest first, and counts what waits', async () => {
    // Prepare
    const { queue } = await openQueue(await dataDir());
    const messages = [spooledMessage('{"a":1}'), spooledMessage('{"b":2}'), spooledMessage('{"c":3}')];
    await queue.send(messages);
    const waitingBefore = queue.waiting;

    // Act
    const first = await queue.receive(2);
    const waitingBetween = queue.waiting;
    const second = await queue.receive(2);
    const third = await queue.receive(2);

    // Assert
    expect([waitingBefore, waitingBetween, queue.waiting]).toEqual([3, 1, 0]);
    expect(counts(first?.messages)).toEqual(messages.slice(0, 2).map((message) => [message.messageId, 1]));
    expect(counts(second?.messages)).toEqual([[messages[2]?.messageId, 1]]);
    expect(third).toBeUndefined();
    expect(queue.hasInterrupted).toBe(false);
  });

  it('tells its listeners when messages become visible, and not for a send of nothing', async () => {
    // Prepare
    const { queue } = await openQueue(await dataDir());
    const calls: number[] = [];
    queue.onVisible(() => calls.push(queue.waiting));

    // Act
    await queue.send([]);
    await queue.send([spooledMessage('{}')]);

    // Assert
    expect(calls).toEqual([1]);
  });

  it('counts a batch a restart interrupted and the messages pending beside it as waiting, and hands out the batch first', async () => {
    // Prepare
    const dir = await dataDir();
    const { queue } = await openQueue(dir);
    const [inBatch, pending] = [spooledMessage('{"in":"batch"}'), spooledMessage('{"pending":true}')];
    await queue.send([inBatch]);
    await queue.receive(10);
    await queue.send([pending]);
    await queue.close();

    // Act
    const { queue: restarted } = await openQueue(dir);
    const state = [restarted.waiting, restarted.hasInterrupted];
    const first = await restarted.receive(10);
    const second = await restarted.receive(10);

    // Assert
    expect(state).toEqual([2, true]);
    expect(counts(first?.messages)).toEqual([[inBatch.messageId, 2]]);
    expect(counts(second?.messages)).toEqual([[pending.messageId, 1]]);
    expect(restarted.hasInterrupted).toBe(false);
  });

  it('redelivers an interrupted batch under its own sequence, and starts a new batch for what is left of a batch with used-up receives', async () => {
    // Prepare
    const dir = await dataDir();
    const spool = await Spool.open(join(dir, 'spool'), { log: () => {} });
    const [usedUp, left, again] = [spooledMessage('{"u":1}'), spooledMessage('{"l":1}'), spooledMessage('{"a":1}')];
    await spool.append([usedUp, left, again]);
    const mixed = await spool.beginBatch([
      { message: usedUp, receiveCount: MAX_RECEIVES },
      { message: left, receiveCount: 1 },
    ]);
    const whole = await spool.beginBatch([{ message: again, receiveCount: 2 }]);
    await spool.close();

    // Act
    const { queue } = await openQueue(dir);
    const first = await queue.receive(10);
    const second = await queue.receive(10);

    // Assert
    expect([mixed.sequence, whole.sequence]).toEqual([1, 2]);
    expect(first?.sequence).toBe(3);
    expect(counts(first?.messages)).toEqual([[left.messageId, 2]]);
    expect(second?.sequence).toBe(whole.sequence);
    expect(counts(second?.messages)).toEqual([[again.messageId, MAX_RECEIVES]]);
  });

  it('goes on to the next interrupted batch when every message of the first one is used up, before any visible message', async () => {
    // Prepare
    const dir = await dataDir();
    const spool = await Spool.open(join(dir, 'spool'), { log: () => {} });
    const [usedUp, next, visible] = [spooledMessage('{"u":1}'), spooledMessage('{"n":1}'), spooledMessage('{"v":1}')];
    await spool.append([usedUp, next, visible]);
    await spool.beginBatch([{ message: usedUp, receiveCount: MAX_RECEIVES }]);
    await spool.beginBatch([{ message: next, receiveCount: 1 }]);
    await spool.close();

    // Act
    const { queue } = await openQueue(dir);
    const first = await queue.receive(10);
    const second = await queue.receive(10);

    // Assert
    expect(counts(first?.messages)).toEqual([[next.messageId, 2]]);
    expect(counts(second?.messages)).toEqual([[visible.messageId, 1]]);
    expect(await readdir(join(dir, 'dead-letter', 'passengers'))).toEqual([`${usedUp.messageId}.json`]);
    const deadLetter = JSON.parse(await readFile(join(dir, 'dead-letter', 'passengers', `${usedUp.messageId}.json`), 'utf8'));
    expect([deadLetter.receiveCount, deadLetter.lastError]).toEqual([
      MAX_RECEIVES,
      'every delivery was interrupted by the process stopping',
    ]);
  });

  it('hands out nothing, but keeps the visible messages, after an interrupted batch that was all used up', async () => {
    // Prepare
    const dir = await dataDir();
    const spool = await Spool.open(join(dir, 'spool'), { log: () => {} });
    const [usedUp, visible] = [spooledMessage('{"u":1}'), spooledMessage('{"v":1}')];
    await spool.append([usedUp, visible]);
    await spool.beginBatch([{ message: usedUp, receiveCount: MAX_RECEIVES }]);
    await spool.close();

    // Act
    const { queue } = await openQueue(dir);
    const first = await queue.receive(10);
    const second = await queue.receive(10);

    // Assert
    expect(first).toBeUndefined();
    expect(counts(second?.messages)).toEqual([[visible.messageId, 1]]);
  });

  it('dead-letters a message on its last allowed receive and retries it while receives are left', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = await dataDir();
    const { queue } = await openQueue(dir);
    const message = spooledMessage('{}');
    await queue.send([message]);
    const seen: number[] = [];

    // Act
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      const delivery = await queue.receive(10);
      seen.push(...(delivery?.messages.map((entry) => entry.receiveCount) ?? []));
      if (delivery) await queue.settle(delivery, new Set([message.messageId]));
      await afterVisibilityTimeout();
    }

    // Assert
    expect(seen).toEqual([1, 2, 3]);
    expect(queue.waiting).toBe(0);
    expect(await readdir(join(dir, 'dead-letter', 'passengers'))).toEqual([`${message.messageId}.json`]);
  });

  it('offers a batch it could not record again after the visibility timeout, with its receive counts unchanged', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, disk, errors } = await openQueue(await dataDir());
    const message = spooledMessage('{}');
    await queue.send([message]);
    disk.setFree(0);

    // Act
    const refused = await queue.receive(10);
    disk.setFree(1024 * 1024);
    const hidden = queue.waiting;
    await afterVisibilityTimeout();
    const again = await queue.receive(10);

    // Assert
    expect(refused).toBeUndefined();
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOSPC']);
    expect(hidden).toBe(0);
    expect(counts(again?.messages)).toEqual([[message.messageId, 1]]);
  });

  it('needs no error listener: a receive and a settle that a full disk refuses answer as they would with one', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, disk } = await openQueue(await dataDir(), undefined, false);
    const message = spooledMessage('{}');
    await queue.send([message]);
    disk.setFree(0);
    const refused = await queue.receive(10);
    disk.setFree(1024 * 1024);
    await afterVisibilityTimeout();
    const delivered = await received(queue);
    disk.setFree(0);

    // Act
    const settled = queue.settle(delivered, new Set());

    // Assert
    expect(refused).toBeUndefined();
    await expect(settled).resolves.toBeUndefined();
  });

  it('offers a whole batch again after the visibility timeout when its outcome could not be recorded', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, disk, errors } = await openQueue(await dataDir());
    const messages = [spooledMessage('{"a":1}'), spooledMessage('{"b":2}')];
    await queue.send(messages);
    const delivery = await received(queue);
    disk.setFree(0);

    // Act
    await queue.settle(delivery, new Set([messages[1]?.messageId ?? '']));
    disk.setFree(1024 * 1024);
    const hidden = queue.waiting;
    await afterVisibilityTimeout();
    const again = await queue.receive(10);

    // Assert
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOSPC']);
    expect(hidden).toBe(0);
    expect(counts(again?.messages)).toEqual(messages.map((message) => [message.messageId, 2]));
  });

  it('keeps an interrupted batch on disk and offers its messages again later when its redelivery could not be recorded', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, disk, errors, message } = await reopenedAfterInterruptedBatch(true);
    disk.setFree(0);

    // Act
    const refused = await queue.receive(10);
    disk.setFree(1024 * 1024);
    await afterVisibilityTimeout();
    const again = await queue.receive(10);

    // Assert
    expect(refused).toBeUndefined();
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOSPC']);
    expect(counts(again?.messages)).toEqual([[message.messageId, 2]]);
  });

  it('needs no error listener when a full disk refuses the redelivery of an interrupted batch', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue, disk } = await reopenedAfterInterruptedBatch(false);
    disk.setFree(0);

    // Act
    const refused = queue.receive(10);

    // Assert
    await expect(refused).resolves.toBeUndefined();
  });

  it('hides nothing for later once closed, even a batch settled after the close', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue } = await openQueue(await dataDir());
    const message = spooledMessage('{}');
    await queue.send([message]);
    const delivery = await received(queue);
    await queue.close();

    // Act
    await queue.settle(delivery, new Set([message.messageId]));

    // Assert
    expect(vi.getTimerCount()).toBe(0);
  });

  it('makes nothing visible once closed, and leaves no visibility timer behind', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue } = await openQueue(await dataDir());
    const message = spooledMessage('{}');
    await queue.send([message]);
    const delivery = await received(queue);
    await queue.settle(delivery, new Set([message.messageId]));
    const timersWhileHidden = vi.getTimerCount();
    const calls: number[] = [];
    queue.onVisible(() => calls.push(1));

    // Act
    await queue.close();
    await afterVisibilityTimeout();

    // Assert
    expect(timersWhileHidden).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toEqual([]);
    expect(queue.waiting).toBe(0);
  });

  it('schedules nothing for a batch settled with no failures', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { queue } = await openQueue(await dataDir());
    await queue.send([spooledMessage('{}')]);
    const delivery = await received(queue);

    // Act
    await queue.settle(delivery, new Set());

    // Assert
    expect(vi.getTimerCount()).toBe(0);
  });
});
