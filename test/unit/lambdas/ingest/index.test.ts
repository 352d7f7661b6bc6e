import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('ingest Lambda entry', () => {
  it('fails fast naming LAKE_BUCKET when it is missing', async () => {
    // Prepare
    vi.stubEnv('LAKE_BUCKET', '');
    vi.stubEnv('DATASET_NAME', 'passengers');

    // Act
    const loading = import('../../../../lambdas/ingest/index');

    // Assert
    await expect(loading).rejects.toThrow('LAKE_BUCKET');
  });

  it('fails fast on a DATASET_NAME that is not a dataset', async () => {
    // Prepare
    vi.stubEnv('LAKE_BUCKET', 'lake');
    vi.stubEnv('DATASET_NAME', 'nope');

    // Act
    const loading = import('../../../../lambdas/ingest/index');

    // Assert
    await expect(loading).rejects.toThrow('DATASET_NAME "nope"');
  });

  it('exports the handler when its environment is complete', async () => {
    // Prepare
    vi.stubEnv('LAKE_BUCKET', 'lake');
    vi.stubEnv('DATASET_NAME', 'passengers');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    // Act
    const entry = await import('../../../../lambdas/ingest/index');

    // Assert
    expect(typeof entry.handler).toBe('function');
  });
});
