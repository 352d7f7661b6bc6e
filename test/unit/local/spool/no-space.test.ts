import { describe, expect, it } from 'vitest';
import { isNoSpace, NoSpaceError } from '../../../../local/spool/no-space';

describe('no space left', () => {
  it('recognises a full disk and a used-up quota, and nothing else', () => {
    // Prepare
    const errors = [{ code: 'ENOSPC' }, { code: 'EDQUOT' }, { code: 'EIO' }, new Error('ENOSPC'), undefined];

    // Act
    const verdicts = errors.map(isNoSpace);

    // Assert
    expect(verdicts).toEqual([true, true, false, false, false]);
  });

  it('names the data directory and what to do when the local mode cannot start', () => {
    // Act
    const error = new NoSpaceError('/data/lakeline');

    // Assert
    expect(error.dataDir).toBe('/data/lakeline');
    expect(error.message).toBe(
      'Cannot start: the data directory /data/lakeline has no free space left (ENOSPC); free some space and start again.',
    );
  });
});
