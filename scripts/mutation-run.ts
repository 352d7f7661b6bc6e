/**
 * Runs StrykerJS over the named mutation groups (all of them when none is named), one after another, each with only
 * its own tests, then prints the score per file of every report under reports/mutation.
 * Usage: npm run test:mutation -- [group ...]; LAKELINE_MUTATION_CONCURRENCY sets Stryker's test-runner processes.
 */
import { Stryker } from '@stryker-mutator/core';
import { MUTATION_GROUP_VARIABLE, mutationGroup, mutationGroups } from '../mutation/mutation-group';
import { printMutationScores } from './mutation-scores';

const concurrency = process.env.LAKELINE_MUTATION_CONCURRENCY;
const names = process.argv.slice(2);
const groups = names.length === 0 ? mutationGroups() : names.map(mutationGroup);

for (const group of groups) {
  process.env[MUTATION_GROUP_VARIABLE] = group.name;
  await new Stryker({
    mutate: [...group.mutate],
    tempDirName: `.stryker-tmp/${group.name}`,
    jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
    htmlReporter: { fileName: `reports/mutation/${group.name}.html` },
    ...(concurrency === undefined ? {} : { concurrency: Number(concurrency) }),
  }).runMutationTest();
}
process.exitCode = printMutationScores('reports/mutation');
