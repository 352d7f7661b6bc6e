import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppendLog } from '../../../../local/spool/append-log';
import type { SpoolFiles } from '../../../../local/spool/spool-files';
import { LimitedDisk } from '../../../support/limited-disk';
import { temporaryDirectories } from '../../../support/temporary-directories';

const outcome = (append: Promise<void>) =>
  append.then(
    () => 'written',
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );

describe('append log on a disk that fills up', () => {
  const newDirectory = temporaryDirectories('lakeline-append-log-');

  async function logPath(): Promise<string> {
    const dir = await newDirectory();
    return join(dir, 'log.ndjson');
  }

  it('rejects an append that was written only partly, cuts the file back and starts the next append on a clean line', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);
    const log = await AppendLog.open(path, disk);
    await log.append('first\n');
    disk.setFree(8);

    // Act
    const torn = await outcome(log.append(`${'x'.repeat(100)}\n`));
    disk.setFree(1024);
    const next = await outcome(log.append('next\n'));
    await log.close();

    // Assert
    expect(disk.shortWrites).toBe(1);
    expect(torn).toBe('ENOSPC');
    expect(next).toBe('written');
    expect(await readFile(path, 'utf8')).toBe('first\nnext\n');
  });

  it('keeps writing after a short write until every byte is on disk', async () => {
    // Prepare
    const path = await logPath();
    const inner = new LimitedDisk(1024 * 1024);
    const tenBytesAtATime: SpoolFiles = {
      open: async (file, mode) => {
        const opened = await inner.open(file, mode);
        return {
          ...opened,
          file: { ...opened.file, write: (data, offset, length) => opened.file.write(data, offset, Math.min(10, length)) },
        };
      },
      syncDirectory: (dir) => inner.syncDirectory(dir),
    };
    const log = await AppendLog.open(path, tenBytesAtATime);
    const line = `${JSON.stringify({ m: 'y'.repeat(95) })}\n`;

    // Act
    const written = await outcome(log.append(line));
    await log.close();

    // Assert
    expect(written).toBe('written');
    expect(await readFile(path, 'utf8')).toBe(line);
  });

  it('appends nothing after a torn tail it could not cut off, and resumes once the cut succeeds', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);
    const log = await AppendLog.open(path, disk);
    await log.append('first\n');
    disk.setFree(4);
    disk.failingTruncations = 2;

    // Act
    const torn = await outcome(log.append('torn line\n'));
    disk.setFree(1024);
    const whileTorn = await outcome(log.append('refused\n'));
    const afterCut = await outcome(log.append('after\n'));
    await log.close();

    // Assert
    expect([torn, whileTorn, afterCut]).toEqual(['ENOSPC', 'EIO', 'written']);
    expect(await readFile(path, 'utf8')).toBe('first\nafter\n');
  });

  it('rejects every append of a group commit whose write failed, and none of the groups before it', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);
    const log = await AppendLog.open(path, disk);
    const first = log.append('a\n');
    disk.setFree(2);
    const grouped = [log.append('bb\n'), log.append('cc\n')];

    // Act
    const outcomes = await Promise.all([outcome(first), ...grouped.map(outcome)]);
    await log.close();

    // Assert
    expect(outcomes).toEqual(['written', 'ENOSPC', 'ENOSPC']);
    expect(await readFile(path, 'utf8')).toBe('a\n');
  });

  it('counts the bytes already in the file, those being written and those waiting, and gives back those of a failed write', async () => {
    // Prepare
    const path = await logPath();
    await writeFile(path, 'hello');
    const disk = new LimitedDisk(1024 * 1024);
    const log = await AppendLog.open(path, disk);
    const opened = log.size;

    // Act
    const first = log.append('abc\n');
    const whileWriting = log.size;
    const second = log.append('de\n');
    const whileQueued = log.size;
    await Promise.all([first, second]);
    const written = log.size;
    disk.setFree(2);
    const failed = await outcome(log.append('too long\n'));
    const afterFailure = log.size;
    await log.close();

    // Assert
    expect([opened, whileWriting, whileQueued, written]).toEqual([5, 9, 12, 12]);
    expect([failed, afterFailure]).toEqual(['ENOSPC', 12]);
    expect(await readFile(path, 'utf8')).toBe('helloabc\nde\n');
  });

  it('waits for the writes in progress before it closes', async () => {
    // Prepare
    const path = await logPath();
    const log = await AppendLog.open(path);
    const pending = log.append('last\n');

    // Act
    await log.close();

    // Assert
    expect(await outcome(pending)).toBe('written');
    expect(await readFile(path, 'utf8')).toBe('last\n');
  });

  it('syncs the directory of the file it opens, and closes the file when it is closed', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);

    // Act
    const log = await AppendLog.open(path, disk);
    const openWhileOpen = disk.openFiles;
    await log.close();

    // Assert
    expect(disk.syncedDirectories).toEqual([dirname(path)]);
    expect([openWhileOpen, disk.openFiles]).toEqual([1, 0]);
  });

  it('fails to open, leaving no file open, when the directory cannot be synced', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);
    disk.failingDirectorySyncs = 1;

    // Act
    const opened = await AppendLog.open(path, disk).then(
      () => 'opened',
      (error: NodeJS.ErrnoException) => error.code,
    );

    // Assert
    expect(opened).toBe('EIO');
    expect(disk.openFiles).toBe(0);
  });

  it('cuts the file back only after a failed write, and once', async () => {
    // Prepare
    const path = await logPath();
    const disk = new LimitedDisk(1024 * 1024);
    const log = await AppendLog.open(path, disk);
    await log.append('a\n');
    const beforeFailure = disk.truncations;
    disk.setFree(1);

    // Act
    await outcome(log.append('torn\n'));
    disk.setFree(1024);
    await log.append('b\n');
    await log.append('c\n');
    await log.close();

    // Assert
    expect([beforeFailure, disk.truncations]).toEqual([0, 1]);
    expect(await readFile(path, 'utf8')).toBe('a\nb\nc\n');
  });
});
