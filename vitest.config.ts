import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    // Quiet test output: loggers built without an explicit level log warnings and errors only (a test that asserts on
    // logs gives its logger a level or a spy), esbuild bundles without its size summary, and the AWS SDK's notice about
    // its future Node.js requirement (printed once per process, by every test process) is switched off with the SDK's
    // own variable. Child processes the tests spawn inherit these through process.env.
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      LOG_LEVEL: 'WARN',
      LAKELINE_BUNDLING_LOG_LEVEL: 'warning',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
