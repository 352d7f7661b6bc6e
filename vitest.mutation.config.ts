import { defineConfig } from 'vitest/config';
import { MUTATION_GROUP_VARIABLE, mutationGroup } from './mutation/mutation-group';
import base from './vitest.config';

/**
 * The tests of one mutation group (named by LAKELINE_MUTATION_GROUP, see mutation/groups.json): Stryker measures
 * which test covers which mutant, and reruns them all for a static mutant, so each group runs only its own fast tests.
 * The list replaces the base one rather than going through `mergeConfig`, which would append it to `test/**`.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [...mutationGroup(process.env[MUTATION_GROUP_VARIABLE]).tests],
  },
});
