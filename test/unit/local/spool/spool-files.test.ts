import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSpoolFiles, type WritableFile, writeFully } from '../../../../local/spool/spool-files';
import { temporaryDirectories } from '../../../support/temporary-directories';

/** A file that writes at most `chunks[i]` bytes on its i-th write, recording what it was given. */
function chunkedFile(chunks: readonly number[]) {
  const written: string[] = [];
  let call = 0;
  const file: WritableFile = {
    write: async (data, offset, length) => {
      const count = Math.min(length, chunks[call++] ?? length);
      written.push(Buffer.from(data.subarray(offset, offset + count)).toString());
      return count;
    },
    datasync: async () => {},
    truncate: async () => {},
    close: async () => {},
  };
  return { file, written };
}

describe('spool files', () => {
  const newDirectory = temporaryDirectories('lakeline-spool-files-');

  it('continues after short writes from where each one stopped until every byte is written', async () => {
    // Prepare
    const { file, written } = chunkedFile([3, 2]);

    // Act
    await writeFully(file, Buffer.from('abcdefgh'));

    // Assert
    expect(written).toEqual(['abc', 'de', 'fgh']);
  });

  it('writes nothing for empty data', async () => {
    // Prepare
    const { file, written } = chunkedFile([]);

    // Act
    await writeFully(file, Buffer.alloc(0));

    // Assert
    expect(written).toEqual([]);
  });

  it('fails with EIO naming how far it got when a write writes nothing', async () => {
    // Prepare
    const { file } = chunkedFile([3, 0]);

    // Act
    const error = await writeFully(file, Buffer.from('abcdefgh')).catch((caught: NodeJS.ErrnoException) => caught);

    // Assert
    expect(error).toMatchObject({ message: 'write stopped after 3 of 8 bytes', code: 'EIO' });
  });

  it('opens a file to append to with its current size, or empties it to start over', async () => {
    // Prepare
    const dir = await newDirectory();
    const path = join(dir, 'file');
    await writeFile(path, 'hello');

    // Act
    const appending = await nodeSpoolFiles.open(path, 'a');
    await writeFully(appending.file, Buffer.from(' world'));
    await appending.file.datasync();
    await appending.file.truncate(8);
    await appending.file.close();
    const afterAppend = await readFile(path, 'utf8');
    const starting = await nodeSpoolFiles.open(path, 'w');
    await starting.file.close();

    // Assert
    expect(appending.size).toBe(5);
    expect(afterAppend).toBe('hello wo');
    expect(starting.size).toBe(0);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('closes the handle of a file it opened, after which the file takes no more writes', async () => {
    // Prepare
    const dir = await newDirectory();
    const { file } = await nodeSpoolFiles.open(join(dir, 'file'), 'w');

    // Act
    await file.close();
    const afterClose = await file.write(Buffer.from('late'), 0, 4).then(
      () => 'written',
      (error: NodeJS.ErrnoException) => error.code,
    );

    // Assert
    expect(afterClose).toBe('EBADF');
  });
});
