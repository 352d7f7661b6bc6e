/**
 * The mutation-testing scope split into groups, each with the fast in-process tests that exercise it. Stryker reruns
 * every test of a run for each static mutant (one in module-level code), so a run over the whole scope with every unit
 * test would take hours; a group runs only its own tests and takes minutes.
 */
import { readFileSync } from 'node:fs';

export interface MutationGroup {
  /** Name used on the command line, in the workflow matrix and for the report file. */
  readonly name: string;
  /** Globs of the source files Stryker mutates. */
  readonly mutate: readonly string[];
  /** Globs of the test files vitest runs against each mutant. */
  readonly tests: readonly string[];
}

export const MUTATION_GROUPS_FILE = new URL('./groups.json', import.meta.url);

/** Environment variable naming the group a Stryker run covers; read by the Stryker and vitest configs. */
export const MUTATION_GROUP_VARIABLE = 'LAKELINE_MUTATION_GROUP';

export function mutationGroups(): readonly MutationGroup[] {
  return JSON.parse(readFileSync(MUTATION_GROUPS_FILE, 'utf8')) as MutationGroup[];
}

export function mutationGroup(name: string | undefined): MutationGroup {
  const groups = mutationGroups();
  const group = groups.find((candidate) => candidate.name === name);
  if (group === undefined) {
    throw new Error(`${MUTATION_GROUP_VARIABLE} must name a mutation group: ${groups.map((each) => each.name).join(', ')}`);
  }
  return group;
}
