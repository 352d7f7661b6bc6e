import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { nodeSpoolFiles, type SpoolFiles, writeFully } from './spool-files';

/**
 * Writes a whole file durably: temp file written completely (short writes continued), fsync, rename, fsync of the
 * directory. On failure the temp file is removed and the previous file, if any, is left as it was.
 */
export async function writeFileDurably(path: string, content: string, files: SpoolFiles = nodeSpoolFiles): Promise<void> {
  const temporary = `${path}.tmp`;
  try {
    const { file } = await files.open(temporary, 'w');
    try {
      await writeFully(file, Buffer.from(content));
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await files.syncDirectory(dirname(path));
}

export async function removeDurably(path: string, files: SpoolFiles = nodeSpoolFiles): Promise<void> {
  await rm(path, { force: true });
  await files.syncDirectory(dirname(path));
}
