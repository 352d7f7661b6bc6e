import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../../../local/spool/spool';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { temporaryDirectories } from '../../../support/temporary-directories';

async function quarantined(spoolDir: string): Promise<string[]> {
  const dir = join(spoolDir, 'quarantine');
  const names = await readdir(dir).catch(() => [] as string[]);
  const lines: string[] = [];
  for (const name of names) lines.push(...(await readFile(join(dir, name), 'utf8')).split('\n').filter((line) => line !== ''));
  return lines;
}

describe('spool recovery of lines it cannot read', () => {
  const spoolDir = temporaryDirectories('lakeline-recovery-');

  it('moves a torn last segment line to the quarantine directory, logs and counts it, and keeps every whole line', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir);
    const kept = spooledMessage('{"a": 1}');
    await spool.append([kept]);
    await spool.close();
    const [segment] = await readdir(join(dir, 'segments'));
    await appendFile(join(dir, 'segments', segment ?? ''), '{"m":{"messageId":"torn","topicArn');
    const logged: string[] = [];

    // Act
    const reopened = await Spool.open(dir, { log: (line) => logged.push(line) });
    await reopened.close();

    // Assert
    expect(reopened.pending).toEqual([{ message: kept, receiveCount: 0 }]);
    expect(reopened.quarantinedLines).toBe(1);
    expect(await quarantined(dir)).toEqual(['{"m":{"messageId":"torn","topicArn']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/1 unreadable line .* moved to .*quarantine/);
  });

  it('recovers a whole line that an earlier version appended onto a torn fragment, and quarantines only the fragment', async () => {
    // Prepare
    const dir = await spoolDir();
    const glued = spooledMessage('{"b": 2}');
    await Spool.open(dir).then((spool) => spool.close());
    const [segment] = await readdir(join(dir, 'segments'));
    await writeFile(join(dir, 'segments', segment ?? ''), `{"m":{"messageId":"cut","mess${JSON.stringify({ m: glued })}\n`);

    // Act
    const reopened = await Spool.open(dir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(reopened.pending).toEqual([{ message: glued, receiveCount: 0 }]);
    expect(await quarantined(dir)).toEqual(['{"m":{"messageId":"cut","mess']);
  });

  it('quarantines a torn journal line and redelivers the batch it described', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir);
    const message = spooledMessage('{"c": 3}');
    await spool.append([message]);
    await spool.beginBatch([{ message, receiveCount: 1 }]);
    await spool.close();
    await appendFile(join(dir, 'journal.ndjson'), '{"batch":1,"stored":["');

    // Act
    const reopened = await Spool.open(dir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(reopened.interrupted.map((batch) => batch.messages.map((entry) => entry.message))).toEqual([[message]]);
    expect(await quarantined(dir)).toEqual(['{"batch":1,"stored":["']);
  });

  it('quarantines a batch manifest it cannot read; its messages stay pending from the segments', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir);
    const message = spooledMessage('{"d": 4}');
    await spool.append([message]);
    const manifest = await spool.beginBatch([{ message, receiveCount: 1 }]);
    await spool.close();
    await writeFile(join(dir, 'batches', `${String(manifest.sequence).padStart(10, '0')}.json`), '{"sequence":1,"mess');

    // Act
    const reopened = await Spool.open(dir, { log: () => {} });
    await reopened.close();

    // Assert
    expect(reopened.interrupted).toEqual([]);
    expect(reopened.pending).toEqual([{ message, receiveCount: 0 }]);
    expect(reopened.quarantinedLines).toBe(1);
    expect(await quarantined(dir)).toEqual(['{"sequence":1,"mess']);
  });
});
