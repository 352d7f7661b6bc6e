import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MemoryObjectStore } from '../../support/memory-object-store';

/** Writes every object of an in-memory lake as `<dir>/<key>`, the layout the local lake directory has. */
export async function writeLakeDirectory(lake: MemoryObjectStore, dir: string): Promise<void> {
  for (const [key, body] of lake.objects) {
    const target = join(dir, key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
  }
}
