import { describe, expect, it } from 'vitest';
import {
  COMPACTION_REQUESTS_PREFIX,
  CURATED_PREFIX,
  compactionRequestKey,
  compactionRequestsPrefix,
  curatedDatasetPrefix,
  curatedRunPrefix,
  daysOfFolders,
  RAW_PREFIX,
  REJECTED_PREFIX,
  rawDatasetPrefix,
  rawObjectKey,
  rejectedDatasetPrefix,
  rejectedObjectKey,
} from '../../../../lambdas/core/lake-keys';

describe('lake keys', () => {
  it('names the four top-level folders of the lake', () => {
    // Assert
    expect([RAW_PREFIX, REJECTED_PREFIX, CURATED_PREFIX, COMPACTION_REQUESTS_PREFIX]).toEqual([
      'raw',
      'rejected',
      'curated',
      'compaction-requests',
    ]);
  });

  it('places the folders of a dataset under each top-level folder', () => {
    // Act
    const prefixes = [
      rawDatasetPrefix('trips'),
      rejectedDatasetPrefix('trips'),
      curatedDatasetPrefix('trips'),
      compactionRequestsPrefix('trips'),
    ];

    // Assert
    expect(prefixes).toEqual(['raw/trips/', 'rejected/trips/', 'curated/trips/', 'compaction-requests/trips/']);
  });

  it('keys raw and rejected objects by day as gzip NDJSON', () => {
    // Act
    const keys = [rawObjectKey('trips', '2025-01-30', 'abc'), rejectedObjectKey('trips', '2025-01-31', 'def')];

    // Assert
    expect(keys).toEqual(['raw/trips/dt=2025-01-30/abc.json.gz', 'rejected/trips/dt=2025-01-31/def.json.gz']);
  });

  it('gives each compaction run of a day its own folder, and each compaction request the id of its raw object', () => {
    // Act
    const keys = [curatedRunPrefix('trips', '2025-01-30', 'run-1'), compactionRequestKey('trips', '2025-01-30', 'abc')];

    // Assert
    expect(keys).toEqual(['curated/trips/dt=2025-01-30/run=run-1/', 'compaction-requests/trips/dt=2025-01-30/abc']);
  });
});

describe('daysOfFolders', () => {
  it('reads the day of each partition folder, in listing order, and skips every other entry', () => {
    // Prepare
    const prefixes = [
      'raw/trips/dt=2025-01-31/',
      'raw/trips/dt=2025-01-30/',
      'raw/trips/dt=2025-01-29',
      'raw/trips/dt=2025-1-28/',
      'raw/trips/dt=abcd-ef-gh/',
      'raw/trips/dt=2025-01-27/extra/',
      'raw/trips/notes/',
    ];

    // Act
    const days = daysOfFolders(prefixes);

    // Assert
    expect(days).toEqual(['2025-01-31', '2025-01-30']);
  });

  it('reads a day under any dataset folder, and none from an empty listing', () => {
    // Act
    const [days, none] = [daysOfFolders(['curated/trips/dt=2024-12-31/']), daysOfFolders([])];

    // Assert
    expect([days, none]).toEqual([['2024-12-31'], []]);
  });
});
