import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    // Quiet test output: loggers built without an explicit level log warnings and errors only (a test that asserts on
    // logs gives its logger a level or a spy), and esbuild bundles without its size summary. Child processes the tests
    // spawn inherit these through process.env.
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      LOG_LEVEL: 'WARN',
      LAKELINE_BUNDLING_LOG_LEVEL: 'warning',
    },
  },
});
