import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Quarantine } from '../../../../local/spool/quarantine';
import { nodeSpoolFiles } from '../../../../local/spool/spool-files';
import { temporaryDirectories } from '../../../support/temporary-directories';

describe('quarantine', () => {
  const newDirectory = temporaryDirectories('lakeline-quarantine-');

  async function quarantineIn(): Promise<{ quarantine: Quarantine; dir: string; logged: string[] }> {
    const root = await newDirectory();
    const dir = join(root, 'quarantine');
    const logged: string[] = [];
    return { quarantine: new Quarantine(dir, nodeSpoolFiles, (line) => logged.push(line)), dir, logged };
  }

  it('keeps the lines durably in a file named after their source, logs their count and where they went', async () => {
    // Prepare
    const { quarantine, dir, logged } = await quarantineIn();

    // Act
    await quarantine.keep('/spool/segments/0000000001.ndjson', ['{"m":', 'torn']);

    // Assert
    const [name] = await readdir(dir);
    expect(name).toMatch(/^0000000001\.ndjson\.\d+-[0-9a-f]{8}\.unreadable$/);
    expect(await readFile(join(dir, name ?? ''), 'utf8')).toBe('{"m":\ntorn\n');
    expect(logged).toEqual([`lakeline local: 2 unreadable lines of /spool/segments/0000000001.ndjson moved to ${join(dir, name ?? '')}`]);
    expect(quarantine.lines).toBe(2);
  });

  it('counts the lines of every source it keeps, each in its own file, and logs a single line in the singular', async () => {
    // Prepare
    const { quarantine, dir, logged } = await quarantineIn();
    await quarantine.keep('/spool/journal.ndjson', ['a', 'b']);

    // Act
    await quarantine.keep('/spool/journal.ndjson', ['c']);

    // Assert
    expect(await readdir(dir)).toHaveLength(2);
    expect(logged[1]).toMatch(/^lakeline local: 1 unreadable line of \/spool\/journal\.ndjson moved to /);
    expect(quarantine.lines).toBe(3);
  });

  it('creates nothing and logs nothing when there is nothing to keep', async () => {
    // Prepare
    const { quarantine, dir, logged } = await quarantineIn();

    // Act
    await quarantine.keep('/spool/journal.ndjson', []);

    // Assert
    expect(await readdir(dir).catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');
    expect(logged).toEqual([]);
    expect(quarantine.lines).toBe(0);
  });
});
