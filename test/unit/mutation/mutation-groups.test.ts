/**
 * The mutation groups cover the whole mutation scope once: every TypeScript file of lambdas/core and local/spool is
 * mutated by exactly one group, every listed test exists, and the workflow runs every group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mutationGroup, mutationGroups } from '../../../mutation/mutation-group';

const RECURSIVE_SUFFIX = '/**/*.ts';
/** The directories Stryker's own configuration names as the mutation scope. */
const SCOPE = (JSON.parse(readFileSync('stryker.config.json', 'utf8')) as { mutate: string[] }).mutate.map((pattern) =>
  pattern.slice(0, -RECURSIVE_SUFFIX.length),
);

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(directory, name));
}

/** The files a group entry names: an exact path, or every file under a directory for `<dir>/**\/*.ts`. */
function filesOf(pattern: string, candidates: readonly string[]): string[] {
  if (!pattern.endsWith(RECURSIVE_SUFFIX)) return candidates.filter((file) => file === pattern);
  const directory = pattern.slice(0, -RECURSIVE_SUFFIX.length);
  return candidates.filter((file) => file.startsWith(`${directory}/`));
}

describe('mutation groups', () => {
  it('mutate every file of lambdas/core and local/spool in exactly one group', () => {
    // Prepare
    const scope = SCOPE.flatMap(typeScriptFiles);

    // Act
    const owners = scope.map((file) => ({
      file,
      groups: mutationGroups()
        .filter((group) => group.mutate.some((pattern) => filesOf(pattern, scope).includes(file)))
        .map((group) => group.name),
    }));

    // Assert
    expect(SCOPE).toEqual(['lambdas/core', 'local/spool']);
    expect(owners.filter(({ groups }) => groups.length !== 1)).toEqual([]);
  });

  it('name only files that exist, mutated or tested', () => {
    // Prepare
    const scope = SCOPE.flatMap(typeScriptFiles);
    const tests = typeScriptFiles('test');

    // Act
    const stale = mutationGroups().flatMap((group) => [
      ...group.mutate.filter((pattern) => filesOf(pattern, scope).length === 0),
      ...group.tests.filter((pattern) => filesOf(pattern.replace('**/*.test.ts', '**/*.ts'), tests).length === 0),
    ]);

    // Assert
    expect(stale).toEqual([]);
  });

  it('are each run by the mutation workflow', () => {
    // Prepare
    const workflow = readFileSync('.github/workflows/mutation.yml', 'utf8');

    // Act
    const matrix = /^\s+group: \[(.*)\]$/m.exec(workflow)?.[1]?.split(', ');

    // Assert
    expect(matrix).toEqual(mutationGroups().map((group) => group.name));
  });

  it('refuse a group name that is not listed, naming the groups there are', () => {
    // Act
    const lookUp = () => mutationGroup('core');

    // Assert
    expect(lookUp).toThrow(
      'LAKELINE_MUTATION_GROUP must name a mutation group: core-request, core-sql, core-lake, core-ingest, core-api, spool',
    );
  });
});
