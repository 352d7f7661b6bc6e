/**
 * Lambda bundle benchmark: bundles each Lambda entry with esbuild exactly as the CDK's NodejsFunction does
 * (lib/constructs/lakeline-function.ts: ESM, target node22, minify, source map, mainFields module/main, the
 * createRequire banner, `@aws-sdk/*` external as the Node.js 22 runtime provides it), prints the bundle bytes, and the
 * cold import time of each bundle in a fresh `node` process next to an empty module's (median of N), and the ratio.
 *
 * Usage: npx tsx bench/bundle.bench.ts [--runs 9]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { FUNCTION_NODE_OPTIONS } from '../lib/constructs/lakeline-function';
import { ESM_REQUIRE_BANNER } from '../lib/esm-require-banner';
import { lambdaEntry, projectRoot } from '../lib/project-paths';
import { interleavedTimings, median, numberFlag } from './statistics';

/** Dummy values for the environment each entry reads at import (it fails fast without them). */
const ENTRIES: readonly { name: string; folder: string; env: Record<string, string> }[] = [
  { name: 'ingest', folder: 'ingest', env: { LAKE_BUCKET: 'bench-lake', DATASET_NAME: 'passengers' } },
  { name: 'query', folder: 'query', env: { ATHENA_WORKGROUP: 'bench', GLUE_DATABASE: 'lakeline_bench' } },
];

/** Untimed imports of the empty module and the bundle before the timed ones. */
const WARM_UPS = 2;

export interface BundleBenchEntry {
  readonly name: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** Median wall milliseconds for a fresh node process to import the bundle (process start included). */
  readonly coldImportMs: number;
  /** Median for the same process importing an empty module. */
  readonly emptyModuleMs: number;
  /** coldImportMs / emptyModuleMs. */
  readonly ratio: number;
  /** coldImportMs - emptyModuleMs: the import itself. */
  readonly importOverheadMs: number;
}

export interface BundleBenchResult {
  readonly runs: number;
  readonly entries: readonly BundleBenchEntry[];
}

/** Bundles and times, `runs` cold imports per bundle interleaved with the empty module's. */
export async function runBundleBench(options: { runs?: number } = {}): Promise<BundleBenchResult> {
  const runs = options.runs ?? 7;
  assertSourceMapsEnabled();
  // Inside the project so the external `@aws-sdk/*` imports resolve from node_modules, as the runtime provides them.
  const outDir = join(projectRoot, 'node_modules', '.cache', 'lakeline-bundle-bench');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const emptyModule = join(outDir, 'empty.mjs');
  writeFileSync(emptyModule, 'export const handler = async () => undefined;\n');
  try {
    const entries: BundleBenchEntry[] = [];
    for (const entry of ENTRIES) {
      const outfile = join(outDir, entry.name, 'index.mjs');
      await build({
        entryPoints: [lambdaEntry(entry.folder)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        minify: true,
        sourcemap: true,
        mainFields: ['module', 'main'],
        banner: { js: ESM_REQUIRE_BANNER },
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      const times = interleavedTimings(runs, WARM_UPS, (which) => coldImportMs(which === 'baseline' ? emptyModule : outfile, entry.env));
      const coldImport = median(times.subject);
      const empty = median(times.baseline);
      entries.push({
        name: entry.name,
        bundleBytes: statSync(outfile).size,
        sourceMapBytes: statSync(`${outfile}.map`).size,
        coldImportMs: round1(coldImport),
        emptyModuleMs: round1(empty),
        ratio: Math.round((coldImport / empty) * 100) / 100,
        importOverheadMs: round1(coldImport - empty),
      });
    }
    return { runs, entries };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The environment of a timed import: the NODE_OPTIONS of the stack's functions, so the source maps' cost is in the figure. */
function functionEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
    AWS_REGION: 'us-east-1',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_NAMESPACE: 'Lakeline',
    ...env,
  };
}

/** Throws unless a process started as the timed ones are has source maps enabled, as the deployed functions do. */
export function assertSourceMapsEnabled(): void {
  const enabled = execFileSync(process.execPath, ['-p', 'process.sourceMapsEnabled'], { env: functionEnv({}), encoding: 'utf8' }).trim();
  if (enabled !== 'true')
    throw new Error(`the timed node processes run without source maps (NODE_OPTIONS=${FUNCTION_NODE_OPTIONS}), unlike the functions`);
}

/** Wall time of `node -e "await import(<file>)"` in a fresh process, in milliseconds. */
function coldImportMs(file: string, env: Record<string, string>): number {
  const started = performance.now();
  execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`], {
    env: functionEnv(env),
    stdio: 'ignore',
  });
  return performance.now() - started;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runBundleBench({ runs: numberFlag('--runs') });
  console.log(`Lambda bundles (esbuild as the CDK runs it), cold import median of ${result.runs} fresh node processes:`);
  console.table(
    Object.fromEntries(
      result.entries.map((entry) => [
        entry.name,
        {
          'bundle KB': Math.round(entry.bundleBytes / 1024),
          'map KB': Math.round(entry.sourceMapBytes / 1024),
          'cold import ms': entry.coldImportMs,
          'empty module ms': entry.emptyModuleMs,
          ratio: entry.ratio,
          'import overhead ms': entry.importOverheadMs,
        },
      ]),
    ),
  );
}
