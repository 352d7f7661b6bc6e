import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { datasets as allDatasets } from '../../datasets';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import { LakelineStack } from '../../lib/lakeline-stack';
import { addNagPacks } from '../../lib/nag-packs';
import { projectRoot } from '../../lib/project-paths';
import { type StageName, stageConfig } from '../../lib/stage-config';

export interface SynthOptions {
  readonly stage?: StageName;
  readonly datasets?: readonly DatasetDefinition[];
  readonly alarmEmail?: string;
  /** Register the cdk-nag packs as `bin/app.ts` does. */
  readonly nag?: boolean;
  /** Bundle the Lambda handlers with esbuild as `cdk synth` does (about a second per function). */
  readonly bundle?: boolean;
  /** Keep CDK's built-in CloudFormation schema validation, on by default in `cdk synth` (slow here: ~5 s). */
  readonly cfnValidation?: boolean;
}

/** The feature flags of cdk.json, so tests synthesise what `cdk synth` does. */
const cdkJsonContext: Record<string, unknown> = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')).context;

const outdirs: string[] = [];
afterAll(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

/** A cloud assembly directory removed after the test file. */
export function tempOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'lakeline-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

/** Builds the app as bin/app.ts does, by default with asset bundling skipped (no esbuild runs), in a throwaway output directory. */
export function buildLakelineApp(options: SynthOptions = {}): { app: App; stack: LakelineStack } {
  const app = new App({
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    outdir: tempOutdir(),
    context: options.bundle ? cdkJsonContext : { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] },
  });
  const config = stageConfig(options.stage ?? 'dev');
  const stack = new LakelineStack(app, `Lakeline-${config.stage}`, {
    config,
    datasets: options.datasets ?? allDatasets,
    alarmEmail: options.alarmEmail,
  });
  if (options.nag) addNagPacks(app);
  return { app, stack };
}

export function synthLakeline(options: SynthOptions = {}): Template {
  return Template.fromStack(buildLakelineApp(options).stack);
}
