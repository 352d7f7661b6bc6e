import { describe, expect, it } from 'vitest';
import { readSpoolLines } from '../../../../local/spool/spool-lines';

interface Line {
  readonly n: number;
}
const isLine = (value: unknown): value is Line => typeof value === 'object' && value !== null && typeof (value as Line).n === 'number';
const START = '{"n":';

describe('reading spool lines', () => {
  it('reads every valid line in order and skips empty and blank lines', () => {
    // Prepare
    const text = '{"n":1}\n\n   \n{"n":2}\n';

    // Act
    const lines = readSpoolLines(text, isLine, START);

    // Assert
    expect(lines).toEqual({ values: [{ n: 1 }, { n: 2 }], unreadable: [] });
  });

  it('returns a line that is not JSON, or JSON of the wrong shape, as unreadable instead of dropping it', () => {
    // Prepare
    const text = '{"n":1}\n{"n":\n{"other":true}\n{"n":3}';

    // Act
    const lines = readSpoolLines(text, isLine, START);

    // Assert
    expect(lines).toEqual({ values: [{ n: 1 }, { n: 3 }], unreadable: ['{"n":', '{"other":true}'] });
  });

  it('recovers a whole line glued onto a torn fragment and keeps only the fragment as unreadable', () => {
    // Prepare
    const text = 'x{"n":4}\n{"n":"torn{"n":5}\n';

    // Act
    const lines = readSpoolLines(text, isLine, START);

    // Assert
    expect(lines).toEqual({ values: [{ n: 4 }, { n: 5 }], unreadable: ['x', '{"n":"torn'] });
  });

  it('tries each later line start until one reads, keeping everything before it as unreadable', () => {
    // Prepare
    const text = '{"n":"a{"n":"b{"n":6}';

    // Act
    const lines = readSpoolLines(text, isLine, START);

    // Assert
    expect(lines).toEqual({ values: [{ n: 6 }], unreadable: ['{"n":"a{"n":"b'] });
  });

  it('keeps a whole unreadable line when no later line start in it reads', () => {
    // Prepare
    const text = '{"n":"a{"n":"b\n';

    // Act
    const lines = readSpoolLines(text, isLine, START);

    // Assert
    expect(lines).toEqual({ values: [], unreadable: ['{"n":"a{"n":"b'] });
  });
});
