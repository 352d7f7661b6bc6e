import { afterEach, describe, expect, it, vi } from 'vitest';

describe('query Lambda entry', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('fails fast at load naming a missing environment variable', async () => {
    // Prepare
    vi.stubEnv('ATHENA_WORKGROUP', '');
    vi.stubEnv('GLUE_DATABASE', 'lakeline_test');
    vi.stubEnv('LAKE_BUCKET', 'lakeline-test-lake');

    // Act
    const load = import('../../../../lambdas/query/index');

    // Assert
    await expect(load).rejects.toThrow(/ATHENA_WORKGROUP/);
  });

  it('rejects a wait budget that is not a positive integer', async () => {
    // Prepare
    vi.stubEnv('ATHENA_WORKGROUP', 'lakeline-test');
    vi.stubEnv('GLUE_DATABASE', 'lakeline_test');
    vi.stubEnv('LAKE_BUCKET', 'lakeline-test-lake');
    vi.stubEnv('QUERY_WAIT_BUDGET_MS', 'soon');

    // Act
    const load = import('../../../../lambdas/query/index');

    // Assert
    await expect(load).rejects.toThrow(/QUERY_WAIT_BUDGET_MS/);
  });

  it('refuses a result reuse age above the 5-minute freshness objective, naming the variable', async () => {
    // Prepare
    vi.stubEnv('ATHENA_WORKGROUP', 'lakeline-test');
    vi.stubEnv('GLUE_DATABASE', 'lakeline_test');
    vi.stubEnv('LAKE_BUCKET', 'lakeline-test-lake');
    vi.stubEnv('RESULT_REUSE_MAX_AGE_MINUTES', '60');

    // Act
    const load = import('../../../../lambdas/query/index');

    // Assert
    await expect(load).rejects.toThrow(/RESULT_REUSE_MAX_AGE_MINUTES must be at most 5.*freshness/);
  });

  it('rejects a row cap that is not a positive integer', async () => {
    // Prepare
    vi.stubEnv('ATHENA_WORKGROUP', 'lakeline-test');
    vi.stubEnv('GLUE_DATABASE', 'lakeline_test');
    vi.stubEnv('LAKE_BUCKET', 'lakeline-test-lake');
    vi.stubEnv('QUERY_MAX_RESULT_ROWS', '0');

    // Act
    const load = import('../../../../lambdas/query/index');

    // Assert
    await expect(load).rejects.toThrow(/QUERY_MAX_RESULT_ROWS/);
  });

  it('exports a handler once the environment is complete', async () => {
    // Prepare
    vi.stubEnv('ATHENA_WORKGROUP', 'lakeline-test');
    vi.stubEnv('GLUE_DATABASE', 'lakeline_test');
    vi.stubEnv('LAKE_BUCKET', 'lakeline-test-lake');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    // Act
    const entry = await import('../../../../lambdas/query/index');

    // Assert
    expect(typeof entry.handler).toBe('function');
  });
});
