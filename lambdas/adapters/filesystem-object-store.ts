import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectStore, PutObjectInput } from '../core/ports/object-store';
import { syncDirectory } from './sync-directory';

/**
 * Writes lake objects as files `<rootDir>/<key>`; each write is atomic (temp file in the same directory, then rename)
 * and durable once it resolves: the file is fsynced before the rename, and the directories whose entries changed (the
 * object's, and any it had to create) after it, so a power loss cannot undo an object the spool already counts as stored.
 */
export class FilesystemObjectStore implements ObjectStore {
  private readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  async putObject(input: PutObjectInput): Promise<void> {
    const target = this.pathOf(input.key);
    const directory = dirname(target);
    const firstCreated = await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${randomBytes(8).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, input.body, { flush: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    for (const changed of changedDirectories(directory, firstCreated)) await syncDirectory(changed);
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

/** The object's directory, and each created one's parent up from it: every directory that gained an entry. */
function changedDirectories(directory: string, firstCreated: string | undefined): string[] {
  const changed = [directory];
  if (firstCreated === undefined) return changed;
  for (let current = directory; current !== dirname(firstCreated); current = dirname(current)) changed.push(dirname(current));
  return changed;
}
