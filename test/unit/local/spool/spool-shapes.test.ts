import { describe, expect, it } from 'vitest';
import { batchManifestOf, isJournalLine, isSegmentLine, isSpooledMessage } from '../../../../local/spool/spool-shapes';

const message = {
  messageId: 'id-1',
  topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers',
  message: '{}',
  timestamp: '2025-06-06T06:06:06.000Z',
};
const journalLine = { batch: 3, stored: ['a'], failed: ['b', 'c'], deadLettered: [] };

describe('spool shapes', () => {
  it('accepts a spooled message only with a string id, topic ARN, message and timestamp', () => {
    // Prepare
    const broken = (['messageId', 'topicArn', 'message', 'timestamp'] as const).map((field) => ({ ...message, [field]: 1 }));

    // Act
    const verdicts = [message, ...broken, null, 'text', undefined].map(isSpooledMessage);

    // Assert
    expect(verdicts).toEqual([true, false, false, false, false, false, false, false]);
  });

  it('accepts a segment line with a message and, when present, a whole non-negative receive count', () => {
    // Prepare
    const lines = [
      { m: message },
      { m: message, f: 0 },
      { m: message, f: 2 },
      { m: message, f: -1 },
      { m: message, f: 1.5 },
      { m: {} },
      null,
    ];

    // Act
    const verdicts = lines.map(isSegmentLine);

    // Assert
    expect(verdicts).toEqual([true, true, true, false, false, false, false]);
  });

  it('accepts a journal line whose lists are strings and whose receive counts, when present, match the failed ids', () => {
    // Prepare
    const lines = [
      journalLine,
      { ...journalLine, receiveCounts: [1, 2] },
      { ...journalLine, receiveCounts: [1] },
      { ...journalLine, receiveCounts: [1, -2] },
      { ...journalLine, batch: -1 },
      { ...journalLine, stored: [1] },
      { ...journalLine, failed: 'b' },
      { ...journalLine, deadLettered: undefined },
      'line',
    ];

    // Act
    const verdicts = lines.map(isJournalLine);

    // Assert
    expect(verdicts).toEqual([true, true, false, false, false, false, false, false, false]);
  });

  it('reads a manifest with its receive counts, and the count of an older manifest from `failedReceives`', () => {
    // Prepare
    const current = { sequence: 4, messages: [{ message, receiveCount: 2 }] };
    const older = { sequence: 5, messages: [{ message, failedReceives: 3 }] };
    const both = { sequence: 6, messages: [{ message, receiveCount: 1, failedReceives: 3 }] };

    // Act
    const manifests = [current, older, both].map(batchManifestOf);

    // Assert
    expect(manifests).toEqual([
      { sequence: 4, messages: [{ message, receiveCount: 2 }] },
      { sequence: 5, messages: [{ message, receiveCount: 3 }] },
      { sequence: 6, messages: [{ message, receiveCount: 1 }] },
    ]);
  });

  it('reads no manifest when any part of it is not as written', () => {
    // Prepare
    const broken = [
      null,
      { sequence: -1, messages: [] },
      { sequence: 1, messages: 'none' },
      { sequence: 1, messages: [null] },
      { sequence: 1, messages: [{ message: { messageId: 'x' }, receiveCount: 1 }] },
      { sequence: 1, messages: [{ message }] },
      {
        sequence: 1,
        messages: [
          { message, receiveCount: 1 },
          { message, receiveCount: -1 },
        ],
      },
    ];

    // Act
    const manifests = broken.map(batchManifestOf);

    // Assert
    expect(manifests).toEqual(broken.map(() => undefined));
  });
});
