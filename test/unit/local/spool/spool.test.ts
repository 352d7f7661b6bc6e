import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../../../local/spool/spool';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { LimitedDisk } from '../../../support/limited-disk';
import { temporaryDirectories } from '../../../support/temporary-directories';

const SEGMENT_LIMIT_BYTES = 8 * 1024 * 1024;

describe('spool', () => {
  const spoolDir = temporaryDirectories('lakeline-spool-');

  const segments = (dir: string) => readdir(join(dir, 'segments'));

  it('stores each appended message as one segment line before the append resolves', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const messages = [spooledMessage('{"a":1}'), spooledMessage('{"b":2}')];

    // Act
    await spool.append(messages);
    const names = await segments(dir);
    const text = await readFile(join(dir, 'segments', names[0] ?? ''), 'utf8');
    await spool.close();

    // Assert
    expect(names).toEqual(['0000000001.ndjson']);
    expect(text).toBe(messages.map((message) => `${JSON.stringify({ m: message })}\n`).join(''));
  });

  it('refuses an append once closed, but accepts appending nothing', async () => {
    // Prepare
    const spool = await Spool.open(await spoolDir(), { log: () => {} });
    await spool.close();

    // Act
    const nothing = await spool.append([]).then(() => 'accepted');
    const something = await spool.append([spooledMessage('{}')]).catch((error: Error) => error.message);

    // Assert
    expect([nothing, something]).toEqual(['accepted', 'The spool is closed']);
  });

  it('keeps none of the messages of an append the disk could not hold, and the ones before it', async () => {
    // Prepare
    const dir = await spoolDir();
    const disk = new LimitedDisk(64 * 1024 * 1024);
    const spool = await Spool.open(dir, { log: () => {}, files: disk });
    const kept = spooledMessage('{"kept":true}');
    await spool.append([kept]);
    disk.setFree(10);

    // Act
    const refused = await spool.append([spooledMessage('{"refused":true}')]).catch((error: NodeJS.ErrnoException) => error.code);
    await spool.close();
    const reopened = await Spool.open(dir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(refused).toBe('ENOSPC');
    expect(reopened.pending).toEqual([{ message: kept, receiveCount: 0 }]);
    expect(reopened.quarantinedLines).toBe(0);
  });

  it('writes a manifest per batch under increasing sequences, and drops it once the batch is complete', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const [a, b] = [spooledMessage('{"a":1}'), spooledMessage('{"b":2}')];
    await spool.append([a, b]);

    // Act
    const first = await spool.beginBatch([{ message: a, receiveCount: 1 }]);
    const second = await spool.beginBatch([{ message: b, receiveCount: 2 }]);
    const manifest = JSON.parse(await readFile(join(dir, 'batches', '0000000002.json'), 'utf8'));
    await spool.completeBatch(first, { stored: [a.messageId], failed: [], deadLettered: [] });
    const left = await readdir(join(dir, 'batches'));
    await spool.close();

    // Assert
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect(manifest).toEqual({ sequence: 2, messages: [{ message: b, receiveCount: 2 }] });
    expect(left).toEqual(['0000000002.json']);
  });

  it('journals the outcome of a batch with the receive count of each failed message', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const [stored, failed, dead] = [spooledMessage('{"s":1}'), spooledMessage('{"f":1}'), spooledMessage('{"d":1}')];
    await spool.append([stored, failed, dead]);
    const manifest = await spool.beginBatch([
      { message: stored, receiveCount: 1 },
      { message: failed, receiveCount: 2 },
      { message: dead, receiveCount: 3 },
    ]);

    // Act
    await spool.completeBatch(manifest, {
      stored: [stored.messageId],
      failed: [failed.messageId, 'unknown'],
      deadLettered: [dead.messageId],
    });
    const journal = await readFile(join(dir, 'journal.ndjson'), 'utf8');
    await spool.close();

    // Assert
    expect(journal).toBe(
      `${JSON.stringify({
        batch: 1,
        stored: [stored.messageId],
        failed: [failed.messageId, 'unknown'],
        deadLettered: [dead.messageId],
        receiveCounts: [2, 0],
      })}\n`,
    );
  });

  it('compacts on open: the live messages with their receive counts move to one new segment, the journal is emptied', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const [stored, failed, waiting] = [spooledMessage('{"s":1}'), spooledMessage('{"f":1}'), spooledMessage('{"w":1}')];
    await spool.append([stored, failed, waiting]);
    const manifest = await spool.beginBatch([
      { message: stored, receiveCount: 1 },
      { message: failed, receiveCount: 1 },
    ]);
    await spool.completeBatch(manifest, { stored: [stored.messageId], failed: [failed.messageId], deadLettered: [] });
    await spool.close();

    // Act
    const reopened = await Spool.open(dir, { log: () => {} });
    const names = await segments(dir);
    const text = await readFile(join(dir, 'segments', names[0] ?? ''), 'utf8');
    const journal = await readFile(join(dir, 'journal.ndjson'), 'utf8');
    const next = await reopened.beginBatch([{ message: waiting, receiveCount: 1 }]);
    await reopened.close();

    // Assert
    expect(names).toEqual(['0000000002.ndjson']);
    expect(text).toBe(`${JSON.stringify({ m: failed, f: 1 })}\n${JSON.stringify({ m: waiting, f: 0 })}\n`);
    expect(journal).toBe('');
    expect(reopened.pending).toEqual([
      { message: failed, receiveCount: 1 },
      { message: waiting, receiveCount: 0 },
    ]);
    expect(next.sequence).toBe(1);
  });

  it('numbers the batches after a restart on from the highest batch found on disk', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const message = spooledMessage('{}');
    await spool.append([message]);
    await spool.close();
    await writeFile(join(dir, 'batches', '0000000041.json'), JSON.stringify({ sequence: 41, messages: [{ message, receiveCount: 1 }] }));

    // Act
    const reopened = await Spool.open(dir, { log: () => {} });
    const next = await reopened.beginBatch([{ message, receiveCount: 2 }]);
    await reopened.close();

    // Assert
    expect(reopened.interrupted).toEqual([{ sequence: 41, messages: [{ message, receiveCount: 1 }] }]);
    expect(next.sequence).toBe(42);
  });

  it('starts a new segment once the current one is past the segment limit, and removes the old one only once all its messages are finished', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const big = spooledMessage('x'.repeat(SEGMENT_LIMIT_BYTES));
    const [small, later] = [spooledMessage('{"small":true}'), spooledMessage('{"later":true}')];
    await spool.append([big, small]);

    // Act
    await spool.append([later]);
    const afterRotation = await segments(dir);
    const first = await spool.beginBatch([
      { message: big, receiveCount: 1 },
      { message: small, receiveCount: 1 },
    ]);
    await spool.completeBatch(first, { stored: [big.messageId], failed: [small.messageId], deadLettered: [] });
    const whileOneLeft = await segments(dir);
    const second = await spool.beginBatch([{ message: small, receiveCount: 2 }]);
    await spool.completeBatch(second, { stored: [], failed: [], deadLettered: [small.messageId] });
    const afterFinish = await segments(dir);
    const text = await readFile(join(dir, 'segments', '0000000002.ndjson'), 'utf8');
    await spool.close();
    const reopened = await Spool.open(dir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(afterRotation).toEqual(['0000000001.ndjson', '0000000002.ndjson']);
    expect(whileOneLeft).toEqual(['0000000001.ndjson', '0000000002.ndjson']);
    expect(afterFinish).toEqual(['0000000002.ndjson']);
    expect(text).toBe(`${JSON.stringify({ m: later })}\n`);
    expect(reopened.pending).toEqual([{ message: later, receiveCount: 0 }]);
  });

  it('keeps the current segment even when every message in it is finished', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const message = spooledMessage('{}');
    await spool.append([message]);
    const manifest = await spool.beginBatch([{ message, receiveCount: 1 }]);

    // Act
    await spool.completeBatch(manifest, { stored: [], failed: [], deadLettered: [message.messageId] });
    const names = await segments(dir);
    await spool.append([spooledMessage('{"after":true}')]);
    await spool.close();

    // Assert
    expect(names).toEqual(['0000000001.ndjson']);
    expect((await readFile(join(dir, 'segments', '0000000001.ndjson'), 'utf8')).split('\n')).toHaveLength(3);
  });
});
