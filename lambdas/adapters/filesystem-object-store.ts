import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectStore, PutObjectInput } from './object-store';

/** Writes lake objects as files `<rootDir>/<key>`; each write is atomic (temp file in the same directory, then rename). */
export class FilesystemObjectStore implements ObjectStore {
  private readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  async putObject(input: PutObjectInput): Promise<void> {
    const target = this.pathOf(input.key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, input.body, { flush: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** The file that holds `key`; refuses keys that would escape the root directory. */
  pathOf(key: string): string {
    const target = resolve(this.rootDir, key);
    if (key.length === 0 || key.startsWith('/') || !target.startsWith(this.rootDir + sep)) {
      throw new Error(`Invalid object key "${key}"`);
    }
    return target;
  }
}
