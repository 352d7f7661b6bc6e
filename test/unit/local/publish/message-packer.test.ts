import { describe, expect, it } from 'vitest';
import { packRecords } from '../../../../local/publish/message-packer';
import { SNS_MAX_BATCH_ENTRIES, SNS_MAX_PAYLOAD_BYTES } from '../../../../local/sns/sns-limits';

const record = (index: number, size = 50) => JSON.stringify({ index, pad: 'x'.repeat(size) });

describe('packRecords', () => {
  it('packs records into JSON-array messages and at most ten messages per batch, keeping every record once', () => {
    // Prepare
    const texts = Array.from({ length: 2_345 }, (_, index) => record(index));

    // Act
    const { batches, oversized } = packRecords(texts, { recordsPerMessage: 100 });

    // Assert
    const unpacked = batches.flatMap((batch) => batch.messages.flatMap((message) => JSON.parse(message.message) as { index: number }[]));
    expect(unpacked.map((entry) => entry.index)).toEqual(texts.map((_, index) => index));
    expect(oversized).toBe(0);
    for (const batch of batches) expect(batch.messages.length).toBeLessThanOrEqual(SNS_MAX_BATCH_ENTRIES);
  });

  it('keeps every PublishBatch under the 256 KB aggregate limit even with large records', () => {
    // Prepare
    const texts = Array.from({ length: 300 }, (_, index) => record(index, 4_000));

    // Act
    const { batches } = packRecords(texts, { recordsPerMessage: 100 });

    // Assert
    for (const batch of batches) {
      const bytes = batch.messages.reduce((sum, message) => sum + Buffer.byteLength(message.message), 0);
      expect(bytes).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
    }
    expect(batches.reduce((sum, batch) => sum + batch.records, 0)).toBe(300);
  });

  it('sends a single record per message as a JSON object, not an array', () => {
    // Act
    const { batches } = packRecords([record(1), record(2)], { recordsPerMessage: 1 });

    // Assert
    expect(batches[0]?.messages.map((message) => message.message)).toEqual([record(1), record(2)]);
  });

  it('counts a record that cannot fit in any message as oversized instead of sending it', () => {
    // Act
    const { batches, oversized } = packRecords([record(1, 300_000), record(2)], { recordsPerMessage: 10 });

    // Assert
    expect(oversized).toBe(1);
    expect(batches.flatMap((batch) => batch.messages.map((message) => message.message))).toEqual([record(2)]);
  });
});
