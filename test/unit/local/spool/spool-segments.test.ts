import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../../../local/spool/spool';
import type { SpoolFiles } from '../../../../local/spool/spool-files';
import type { SpooledMessage } from '../../../../local/spool/spooled-message';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { LimitedDisk } from '../../../support/limited-disk';
import { temporaryDirectories } from '../../../support/temporary-directories';

const SEGMENT_LIMIT_BYTES = 8 * 1024 * 1024;

/** A message whose segment line is exactly `bytes` long. */
function messageWithLineOf(bytes: number): SpooledMessage {
  const empty = spooledMessage('');
  const overhead = Buffer.byteLength(`${JSON.stringify({ m: empty })}\n`);
  return { ...empty, message: 'x'.repeat(bytes - overhead) };
}

const lineOf = (message: SpooledMessage) => `${JSON.stringify({ m: message })}\n`;

describe('spool segments', () => {
  const spoolDir = temporaryDirectories('lakeline-spool-segments-');

  const segmentText = (dir: string, sequence: number) =>
    readFile(join(dir, 'segments', `${String(sequence).padStart(10, '0')}.ndjson`), 'utf8');

  it('keeps appending to a segment that holds exactly the segment limit, and starts the next one past it', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const [full, small] = [messageWithLineOf(SEGMENT_LIMIT_BYTES), spooledMessage('{"small":true}')];

    // Act
    await spool.append([full]);
    await spool.append([small]);
    await spool.close();

    // Assert
    expect(await segmentText(dir, 1)).toBe(lineOf(full) + lineOf(small));
    expect(await segmentText(dir, 2)).toBe('');
  });

  it('rotates again past the limit of the next segment, and removes each finished segment that is no longer current', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const [first, second] = [messageWithLineOf(SEGMENT_LIMIT_BYTES + 1), messageWithLineOf(SEGMENT_LIMIT_BYTES + 1)];
    await spool.append([first]);
    await spool.append([second]);
    const third = spooledMessage('{"third":true}');
    await spool.append([third]);
    const batch = await spool.beginBatch([
      { message: first, receiveCount: 1 },
      { message: second, receiveCount: 1 },
    ]);

    // Act
    await spool.completeBatch(batch, { stored: [first.messageId, second.messageId], failed: [], deadLettered: [] });
    const left = await readdir(join(dir, 'segments'));
    await spool.close();

    // Assert
    expect(left).toEqual(['0000000003.ndjson']);
    expect(await segmentText(dir, 3)).toBe(lineOf(third));
  });

  it('changes no segment when a batch names a message it already finished', async () => {
    // Prepare
    const dir = await spoolDir();
    const spool = await Spool.open(dir, { log: () => {} });
    const message = spooledMessage('{}');
    await spool.append([message]);
    const batch = await spool.beginBatch([{ message, receiveCount: 1 }]);
    await spool.completeBatch(batch, { stored: [message.messageId], failed: [], deadLettered: [] });
    const again = await spool.beginBatch([{ message, receiveCount: 1 }]);

    // Act
    const completed = spool.completeBatch(again, { stored: [message.messageId], failed: [], deadLettered: [] });

    // Assert
    await expect(completed).resolves.toBeUndefined();
    expect(await readdir(join(dir, 'segments'))).toEqual(['0000000001.ndjson']);
    await spool.close();
  });

  it('closes only once the previous segment is closed, and can be closed twice', async () => {
    // Prepare
    const dir = await spoolDir();
    const disk = new LimitedDisk(64 * 1024 * 1024);
    let releaseFirstSegment = () => {};
    const firstSegmentClosable = new Promise<void>((resolve) => {
      releaseFirstSegment = resolve;
    });
    const holdingFirstSegment: SpoolFiles = {
      async open(path, mode) {
        const opened = await disk.open(path, mode);
        if (!path.endsWith(join('segments', '0000000001.ndjson'))) return opened;
        return { ...opened, file: { ...opened.file, close: () => firstSegmentClosable.then(() => opened.file.close()) } };
      },
      syncDirectory: (path) => disk.syncDirectory(path),
    };
    const spool = await Spool.open(dir, { log: () => {}, files: holdingFirstSegment });
    await spool.append([messageWithLineOf(SEGMENT_LIMIT_BYTES + 1)]);
    await spool.append([spooledMessage('{}')]);

    // Act
    let closed = false;
    const closing = spool.close().then(() => {
      closed = true;
    });
    await sleep(50);
    const closedWhileHeld = closed;
    releaseFirstSegment();
    await closing;
    const openAfterClose = disk.openFiles;
    const closedAgain = spool.close();

    // Assert
    expect(closedWhileHeld).toBe(false);
    expect(openAfterClose).toBe(0);
    await expect(closedAgain).resolves.toBeUndefined();
  });

  it('fails to open, leaving no file open, when the compacted segment cannot be opened durably', async () => {
    // Prepare
    const dir = await spoolDir();
    const disk = new LimitedDisk(64 * 1024 * 1024);
    let segmentOpened = false;
    const failingAfterSegmentOpen: SpoolFiles = {
      async open(path, mode) {
        segmentOpened ||= mode === 'a' && path.includes(join(dir, 'segments'));
        return disk.open(path, mode);
      },
      async syncDirectory(path) {
        if (segmentOpened) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
        await disk.syncDirectory(path);
      },
    };

    // Act
    const opened = await Spool.open(dir, { log: () => {}, files: failingAfterSegmentOpen }).then(
      () => 'opened',
      (error: NodeJS.ErrnoException) => error.code,
    );

    // Assert
    expect(opened).toBe('EIO');
    expect(disk.openFiles).toBe(0);
  });
});
