import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Answers a function that makes a fresh directory under the OS temp directory; every one is removed after each test.
 * Call it first in a `describe`: vitest runs after-hooks in reverse order, so hooks added later (closing a queue)
 * still find their directories.
 */
export function temporaryDirectories(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
