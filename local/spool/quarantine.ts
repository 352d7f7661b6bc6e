import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileDurably } from './durable-files';
import type { SpoolFiles } from './spool-files';

/** `<spool>/quarantine/`: where recovery keeps the text it could not read, so that nothing is dropped silently. */
export class Quarantine {
  private kept = 0;

  constructor(
    readonly dir: string,
    private readonly files: SpoolFiles,
    private readonly log: (line: string) => void,
  ) {}

  /** Lines moved to the quarantine so far. */
  get lines(): number {
    return this.kept;
  }

  /** Writes the lines durably to a quarantine file named after `source`, then logs one line with the count. */
  async keep(source: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${basename(source)}.${Date.now()}-${randomUUID().slice(0, 8)}.unreadable`);
    await writeFileDurably(path, lines.map((line) => `${line}\n`).join(''), this.files);
    this.kept += lines.length;
    const count = lines.length === 1 ? '1 unreadable line' : `${lines.length} unreadable lines`;
    this.log(`lakeline local: ${count} of ${source} moved to ${path}`);
  }
}
