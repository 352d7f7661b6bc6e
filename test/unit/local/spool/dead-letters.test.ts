import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadLetterDirectory } from '../../../../local/spool/dead-letters';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { temporaryDirectories } from '../../../support/temporary-directories';

describe('dead letters', () => {
  const newDirectory = temporaryDirectories('lakeline-dead-letters-');

  it('writes the message with its receive count, last error and time to <dir>/<dataset>/<messageId>.json', async () => {
    // Prepare
    const root = await newDirectory();
    const message = { ...spooledMessage('{"poison":true}'), subject: 'bad' };
    const before = Date.now();

    // Act
    await deadLetterDirectory(root, 'passengers').put({ message, receiveCount: 3 }, 'bad record');

    // Assert
    const text = await readFile(join(root, 'passengers', `${message.messageId}.json`), 'utf8');
    const record = JSON.parse(text);
    expect(record).toEqual({ ...message, receiveCount: 3, lastError: 'bad record', deadLetteredAt: expect.any(String) });
    expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    expect(Date.parse(record.deadLetteredAt)).toBeGreaterThanOrEqual(before);
    expect(new Date(record.deadLetteredAt).toISOString()).toBe(record.deadLetteredAt);
    expect(await readdir(join(root, 'passengers'))).toEqual([`${message.messageId}.json`]);
  });

  it('records a missing last error as null', async () => {
    // Prepare
    const root = await newDirectory();
    const message = spooledMessage('{}');

    // Act
    await deadLetterDirectory(root, 'flights').put({ message, receiveCount: 1 }, undefined);

    // Assert
    const record = JSON.parse(await readFile(join(root, 'flights', `${message.messageId}.json`), 'utf8'));
    expect(record.lastError).toBeNull();
  });
});
