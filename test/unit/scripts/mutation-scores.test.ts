import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { printMutationScores } from '../../../scripts/mutation-scores';

function report(files: Record<string, string[]>): string {
  return JSON.stringify({
    files: Object.fromEntries(Object.entries(files).map(([file, statuses]) => [file, { mutants: statuses.map((status) => ({ status })) }])),
  });
}

describe('mutation scores', () => {
  let directory: string;
  let printed: string[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lakeline-mutation-scores-'));
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('scores each file of every group report as detected over detected, survived and uncovered, lowest first', async () => {
    // Prepare
    await writeFile(join(directory, 'core.json'), report({ 'lambdas/core/a.ts': ['Killed', 'Killed', 'Timeout', 'Survived', 'Ignored'] }));
    await writeFile(join(directory, 'spool.json'), report({ 'local/spool/b.ts': ['Killed', 'NoCoverage'] }));
    await writeFile(join(directory, 'spool.html'), '<html></html>');

    // Act
    const exitCode = printMutationScores(directory);

    // Assert
    expect(printed).toEqual([
      'score  goal  killed survived nocov ignored  file',
      ' 50.0    80       1        0     1       0  local/spool/b.ts  < goal',
      ' 75.0    90       3        1     0       1  lambdas/core/a.ts  < goal',
      '\n2 file(s) below their goal',
    ]);
    expect(exitCode).toBe(1);
  });

  it('exits 0 when every file meets its goal: 90 % in lambdas/core, 80 % in local/spool', async () => {
    // Prepare
    const nine = Array.from({ length: 9 }, () => 'Killed');
    await writeFile(
      join(directory, 'core.json'),
      report({ 'lambdas/core/a.ts': [...nine, 'Survived'], 'local/spool/b.ts': ['Killed', 'Killed', 'Killed', 'Killed', 'Survived'] }),
    );

    // Act
    const exitCode = printMutationScores(directory);

    // Assert
    expect(exitCode).toBe(0);
    expect(printed.at(-1)).toBe('  90.0    90       9        1     0       0  lambdas/core/a.ts'.slice(1));
  });
});
