/**
 * The mutation score of every mutated file from Stryker's JSON reports (reports/mutation/<group>.json), lowest first,
 * against its goal: 90 % for lambdas/core, 80 % for local/spool.
 * Score = detected (killed + timed out) / (detected + survived + no coverage), as Stryker computes it.
 * Run on its own (`npm run mutation:scores`) it reads the reports another job or run left there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Mutant {
  readonly status: string;
}
interface Report {
  readonly files: Record<string, { readonly mutants: readonly Mutant[] }>;
}

const GOALS: readonly [prefix: string, percent: number][] = [
  ['lambdas/core/', 90],
  ['local/spool/', 80],
];

/** Prints the per-file table of every report in `directory` and returns the exit code: 1 when a file is under its goal. */
export function printMutationScores(directory: string): number {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => Object.entries((JSON.parse(readFileSync(join(directory, name), 'utf8')) as Report).files));
  const rows = files.map(([file, { mutants }]) => {
    const count = (...statuses: string[]) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
    const detected = count('Killed', 'Timeout');
    const undetected = count('Survived', 'NoCoverage');
    const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
    const goal = GOALS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? 0;
    return { file, score, detected, survived: count('Survived'), noCoverage: count('NoCoverage'), ignored: count('Ignored'), goal };
  });
  rows.sort((a, b) => a.score - b.score || a.file.localeCompare(b.file));
  console.log('score  goal  killed survived nocov ignored  file');
  for (const row of rows) {
    const mark = row.score < row.goal ? '  < goal' : '';
    console.log(
      `${row.score.toFixed(1).padStart(5)}  ${String(row.goal).padStart(4)}  ${String(row.detected).padStart(6)} ${String(row.survived).padStart(8)} ${String(row.noCoverage).padStart(5)} ${String(row.ignored).padStart(7)}  ${row.file}${mark}`,
    );
  }
  const below = rows.filter((row) => row.score < row.goal);
  if (below.length > 0) {
    console.log(`\n${below.length} file(s) below their goal`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = printMutationScores('reports/mutation');
}
