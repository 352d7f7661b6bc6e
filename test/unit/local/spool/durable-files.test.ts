import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDurably, writeFileDurably } from '../../../../local/spool/durable-files';
import { nodeSpoolFiles, type SpoolFiles } from '../../../../local/spool/spool-files';
import { LimitedDisk } from '../../../support/limited-disk';
import { temporaryDirectories } from '../../../support/temporary-directories';

describe('durable files', () => {
  const tempDir = temporaryDirectories('lakeline-durable-');

  it('replaces a file with the whole new content and leaves no temporary file', async () => {
    // Prepare
    const dir = await tempDir();
    const path = join(dir, 'manifest.json');
    await writeFile(path, 'old content that is longer');

    // Act
    await writeFileDurably(path, 'new');

    // Assert
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('leaves the previous file as it was and removes the temporary file when the disk fills up', async () => {
    // Prepare
    const dir = await tempDir();
    const path = join(dir, 'manifest.json');
    await writeFile(path, 'previous');
    const disk = new LimitedDisk(4);

    // Act
    const error = await writeFileDurably(path, 'too long to fit', disk).catch((caught: NodeJS.ErrnoException) => caught.code);

    // Assert
    expect(error).toBe('ENOSPC');
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('reports the failure to open the temporary file, not the missing file it then cleans up', async () => {
    // Prepare
    const dir = await tempDir();
    const refusing: SpoolFiles = {
      open: () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })),
      syncDirectory: nodeSpoolFiles.syncDirectory,
    };

    // Act
    const error = await writeFileDurably(join(dir, 'manifest.json'), '{}', refusing).catch((caught: NodeJS.ErrnoException) => caught.code);

    // Assert
    expect(error).toBe('ENOSPC');
    expect(await readdir(dir)).toEqual([]);
  });

  it('closes the temporary file whether its write succeeded or failed', async () => {
    // Prepare
    const dir = await tempDir();
    const closed: string[] = [];
    const counting = (inner: SpoolFiles): SpoolFiles => ({
      async open(path, mode) {
        const opened = await inner.open(path, mode);
        return {
          size: opened.size,
          file: { ...opened.file, close: () => opened.file.close().then(() => void closed.push(path)) },
        };
      },
      syncDirectory: (dir) => inner.syncDirectory(dir),
    });

    // Act
    await writeFileDurably(join(dir, 'written.json'), '{}', counting(nodeSpoolFiles));
    await writeFileDurably(join(dir, 'failed.json'), 'too long to fit', counting(new LimitedDisk(4))).catch(() => undefined);

    // Assert
    expect(closed).toEqual([join(dir, 'written.json.tmp'), join(dir, 'failed.json.tmp')]);
  });

  it('removes a file, and does not fail when it is already gone', async () => {
    // Prepare
    const dir = await tempDir();
    const path = join(dir, 'batch.json');
    await writeFile(path, '{}');

    // Act
    await removeDurably(path);
    await removeDurably(path);

    // Assert
    expect(await readdir(dir)).toEqual([]);
  });
});
