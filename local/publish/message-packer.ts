import { SNS_MAX_BATCH_ENTRIES, SNS_MAX_PAYLOAD_BYTES } from '../sns/sns-limits';

/** Packs record texts into SNS messages (JSON arrays) and PublishBatch requests within SNS's limits. */

export interface PackedMessage {
  readonly message: string;
  readonly records: number;
}

export interface PackedBatch {
  readonly messages: readonly PackedMessage[];
  readonly records: number;
}

export interface PackOptions {
  /** Records per message (1 sends each record as a JSON object, more as a JSON array). */
  readonly recordsPerMessage: number;
  /** Limit for the messages of one PublishBatch together (default 256 KB less a margin). */
  readonly maxBatchBytes?: number;
}

export interface PackResult {
  readonly batches: PackedBatch[];
  /** Records too large to publish at all (over 256 KB on their own). */
  readonly oversized: number;
}

const messageOf = (texts: readonly string[]) => (texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(',')}]`);

export function packRecords(texts: readonly string[], options: PackOptions): PackResult {
  const maxBatchBytes = options.maxBatchBytes ?? SNS_MAX_PAYLOAD_BYTES - 1024;
  const messageBudget = Math.max(1024, Math.floor(maxBatchBytes / SNS_MAX_BATCH_ENTRIES));
  const batches: PackedBatch[] = [];
  let oversized = 0;
  let batch: PackedMessage[] = [];
  let batchBytes = 0;
  let current: string[] = [];
  let currentBytes = 2;

  const closeBatch = () => {
    if (batch.length === 0) return;
    batches.push({ messages: batch, records: batch.reduce((sum, message) => sum + message.records, 0) });
    batch = [];
    batchBytes = 0;
  };
  const closeMessage = () => {
    if (current.length === 0) return;
    const message = messageOf(current);
    const bytes = Buffer.byteLength(message);
    if (batch.length >= SNS_MAX_BATCH_ENTRIES || batchBytes + bytes > maxBatchBytes) closeBatch();
    batch.push({ message, records: current.length });
    batchBytes += bytes;
    current = [];
    currentBytes = 2;
  };

  for (const text of texts) {
    const bytes = Buffer.byteLength(text) + 1;
    if (bytes > maxBatchBytes) {
      oversized += 1;
      continue;
    }
    // A record larger than a tenth of the batch budget travels alone, so big records still fit.
    if (current.length >= options.recordsPerMessage || (current.length > 0 && currentBytes + bytes > messageBudget)) closeMessage();
    current.push(text);
    currentBytes += bytes;
  }
  closeMessage();
  closeBatch();
  return { batches, oversized };
}
