import { describe, expect, it } from 'vitest';
import { lakeObjectId } from '../../../../lambdas/core/batch-id';

describe('lakeObjectId', () => {
  it('is 32 hex characters and the same for the same ids in any order or repetition', () => {
    // Act
    const first = lakeObjectId('2025-01-31', ['b', 'a', 'c']);
    const second = lakeObjectId('2025-01-31', ['c', 'a', 'b', 'a']);

    // Assert
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toBe(first);
  });

  it('differs when the partition date or the message ids differ', () => {
    // Prepare
    const reference = lakeObjectId('2025-01-31', ['a', 'b']);

    // Act
    const otherDate = lakeObjectId('2025-02-01', ['a', 'b']);
    const otherIds = lakeObjectId('2025-01-31', ['a', 'c']);
    const fewerIds = lakeObjectId('2025-01-31', ['a']);

    // Assert
    expect(new Set([reference, otherDate, otherIds, fewerIds]).size).toBe(4);
  });

  it('is the SHA-256 of the date and the sorted ids, cut to 32 hex characters', () => {
    // Act
    const id = lakeObjectId('2025-01-31', ['b', 'a']);

    // Assert: printf '2025-01-31\na\nb' | sha256sum
    expect(id).toBe('13f75f2ea6d539d6b966a340c96aa022');
  });
});
