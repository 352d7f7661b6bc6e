import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalConfig } from '../../../local/config';

describe('readLocalConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    // Act
    const config = readLocalConfig({});

    // Assert
    expect(config).toEqual({
      snsPort: 4566,
      apiPort: 3000,
      dataDir: resolve('./.lakeline'),
      batchSize: 100,
      batchWindowMs: 500,
      compactionIntervalSeconds: 300,
      compactionLagHours: 3,
    });
  });

  it('reads ports, data directory, batching and compaction from the environment', () => {
    // Act
    const config = readLocalConfig({
      LAKELINE_SNS_PORT: '0',
      LAKELINE_API_PORT: '8080',
      LAKELINE_DATA_DIR: '/tmp/x',
      LAKELINE_BATCH_SIZE: '7',
      LAKELINE_BATCH_WINDOW_MS: '0',
      LAKELINE_COMPACTION_INTERVAL_SECONDS: '0',
      LAKELINE_COMPACTION_LAG_HOURS: '24',
    });

    // Assert
    expect(config).toEqual({
      snsPort: 0,
      apiPort: 8080,
      dataDir: '/tmp/x',
      batchSize: 7,
      batchWindowMs: 0,
      compactionIntervalSeconds: 0,
      compactionLagHours: 24,
    });
  });

  it.each([
    ['LAKELINE_SNS_PORT', 'abc'],
    ['LAKELINE_SNS_PORT', '65536'],
    ['LAKELINE_API_PORT', '-1'],
    ['LAKELINE_API_PORT', '80.5'],
    ['LAKELINE_BATCH_SIZE', '0'],
    ['LAKELINE_BATCH_WINDOW_MS', 'soon'],
    ['LAKELINE_COMPACTION_INTERVAL_SECONDS', '-5'],
    ['LAKELINE_COMPACTION_INTERVAL_SECONDS', '86401'],
    ['LAKELINE_COMPACTION_LAG_HOURS', '169'],
    ['LAKELINE_COMPACTION_LAG_HOURS', '1.5'],
  ])('fails fast naming %s when it is %s', (name, value) => {
    // Act
    const read = () => readLocalConfig({ [name]: value });

    // Assert
    expect(read).toThrow(name);
  });

  it('says which bound a port beyond the TCP range breaks', () => {
    // Act
    const read = () => readLocalConfig({ LAKELINE_API_PORT: '70000' });

    // Assert
    expect(read).toThrow('Environment variable LAKELINE_API_PORT must be at most 65535 (the largest TCP port number), got "70000"');
  });
});
