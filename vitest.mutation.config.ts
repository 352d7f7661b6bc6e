import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The tests that exercise `lambdas/core` and `local/spool` in-process (Stryker measures which test covers which
 * mutant, so child-process and infrastructure suites would only add time): unit, property and fault suites.
 * The lists replace the base ones rather than going through `mergeConfig`, which would append them to `test/**`.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/e2e/spool-redelivery.test.ts'],
    exclude: ['test/faults/kill-restart.test.ts'],
  },
});
