import { describe, expect, it } from 'vitest';
import { compactionRequestFor, rawObjectIdOf } from '../../../../lambdas/core/compaction-request';
import type { PlannedObject } from '../../../../lambdas/core/ingest-batch';

const ID = '0123456789abcdef0123456789abcdef';

function planned(kind: PlannedObject['kind'], key: string, dt = '2025-01-30'): PlannedObject {
  return { kind, key, dt, body: new Uint8Array([1]), lineCount: 1, sqsMessageIds: ['q-1'] };
}

describe('compactionRequestFor', () => {
  it('names the raw object of a day that had ended by its id', () => {
    // Act
    const key = compactionRequestFor(
      'passengers',
      planned('raw', `raw/passengers/dt=2025-01-30/${ID}.json.gz`),
      new Date('2025-01-31T00:00:00Z'),
    );

    // Assert
    expect(key).toBe(`compaction-requests/passengers/dt=2025-01-30/${ID}`);
  });

  it('asks nothing for a raw object stored on its own day', () => {
    // Act
    const key = compactionRequestFor(
      'passengers',
      planned('raw', `raw/passengers/dt=2025-01-30/${ID}.json.gz`),
      new Date('2025-01-30T23:59:59.999Z'),
    );

    // Assert
    expect(key).toBeUndefined();
  });

  it('asks nothing for rejected records, which are not compacted', () => {
    // Act
    const key = compactionRequestFor(
      'passengers',
      planned('rejected', `rejected/passengers/dt=2025-01-30/${ID}.json.gz`),
      new Date('2025-03-01T00:00:00Z'),
    );

    // Assert
    expect(key).toBeUndefined();
  });
});

describe('rawObjectIdOf', () => {
  it.each([
    ['another dataset', `raw/flights/dt=2025-01-30/${ID}.json.gz`],
    ['another day', `raw/passengers/dt=2025-01-31/${ID}.json.gz`],
    ['a nested key', `raw/passengers/dt=2025-01-30/x/${ID}.json.gz`],
    ['another suffix', `raw/passengers/dt=2025-01-30/${ID}.json`],
    ['no id', 'raw/passengers/dt=2025-01-30/.json.gz'],
  ])('refuses a key of %s', (_, key) => {
    // Act
    const read = () => rawObjectIdOf('passengers', planned('raw', key));

    // Assert
    expect(read).toThrow(/is not a raw object key of passengers for 2025-01-30/);
  });
});

describe('rawObjectIdOf ids', () => {
  it('reads the id of a raw object key of its dataset and day', () => {
    // Act
    const id = rawObjectIdOf('passengers', planned('raw', `raw/passengers/dt=2025-01-30/${ID}.json.gz`));

    // Assert
    expect(id).toBe(ID);
  });

  it('names the key, dataset and day it refuses', () => {
    // Act
    const read = () => rawObjectIdOf('passengers', planned('raw', 'raw/passengers/dt=2025-01-30/a/b.json.gz'));

    // Assert
    expect(read).toThrow(new Error('"raw/passengers/dt=2025-01-30/a/b.json.gz" is not a raw object key of passengers for 2025-01-30'));
  });
});
