import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-files';
import type { QueuedMessage } from './spooled-message';

/** Where the local queue sets aside a message whose receives are used up (the dead-letter queue). */
export interface DeadLetters {
  put(entry: QueuedMessage, lastError: string | undefined): Promise<void>;
}

/** `<deadLetterDir>/<dataset>/<messageId>.json`: the spooled message with its receive count and last error, written durably. */
export function deadLetterDirectory(deadLetterDir: string, dataset: string): DeadLetters {
  const dir = join(deadLetterDir, dataset);
  return {
    async put(entry, lastError) {
      await mkdir(dir, { recursive: true });
      const record = {
        ...entry.message,
        receiveCount: entry.receiveCount,
        lastError: lastError ?? null,
        deadLetteredAt: new Date().toISOString(),
      };
      await writeFileDurably(join(dir, `${entry.message.messageId}.json`), `${JSON.stringify(record, null, 2)}\n`);
    },
  };
}
