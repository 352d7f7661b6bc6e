import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import type { GitHubDeployStack } from '../../lib/github-deploy-stack';
import { addLakelineStacks, type DeploymentTarget } from '../../lib/lakeline-app';
import type { LakelineStack } from '../../lib/lakeline-stack';
import { projectRoot } from '../../lib/project-paths';
import { STAGE_SETTINGS_CONTEXT_KEY, type StageName } from '../../lib/stage-config';

export interface SynthOptions {
  readonly stage?: StageName;
  readonly datasets?: readonly DatasetDefinition[];
  /** An address subscribed to the stage's alarm topic, written into cdk.json's stage settings as a person would. */
  readonly alarmEmail?: string;
  /** Addresses written into cdk.json's stage settings for the stage (added to `alarmEmail`). */
  readonly alarmEmails?: readonly string[];
  /** Replaces cdk.json's stage settings (before `alarmEmail(s)` are added). */
  readonly stageSettings?: unknown;
  /** Further `-c key=value` pairs of the command line (e.g. githubRepository). */
  readonly context?: Readonly<Record<string, string>>;
  /** Account and region as `cdk deploy` resolves them; omitted, the stacks are environment-agnostic. */
  readonly target?: DeploymentTarget;
  /** Register the cdk-nag packs as `bin/app.ts` does. */
  readonly nag?: boolean;
  /** Bundle the Lambda handlers with esbuild as `cdk synth` does (about a second per function). */
  readonly bundle?: boolean;
  /** Keep CDK's built-in CloudFormation schema validation, on by default in `cdk synth` (slow here: ~5 s). */
  readonly cfnValidation?: boolean;
}

/** cdk.json's context (the feature flags and settings), read from the file so tests synthesise what `cdk synth` does. */
export const cdkJsonContext: Readonly<Record<string, unknown>> = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')).context;

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

/**
 * Builds the app through the code `bin/app.ts` runs, with cdk.json's context plus the command line's `-c` values, by
 * default with asset bundling skipped (no esbuild runs), in a throwaway output directory.
 */
export function buildLakelineApp(options: SynthOptions = {}): {
  app: App;
  stack: LakelineStack;
  githubDeploy: GitHubDeployStack | undefined;
} {
  const stage = options.stage ?? 'dev';
  const commandLine: Record<string, string> = { stage, ...options.context };
  const alarmEmails = [...(options.alarmEmail === undefined ? [] : [options.alarmEmail]), ...(options.alarmEmails ?? [])];
  const cdkJsonSettings = options.stageSettings ?? cdkJsonContext[STAGE_SETTINGS_CONTEXT_KEY];
  const stageSettings =
    alarmEmails.length > 0 ? withAlarmEmails(commandLine.stage ?? stage, alarmEmails, cdkJsonSettings) : cdkJsonSettings;
  const app = new App({
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    outdir: tempOutdir(),
    context: {
      ...cdkJsonContext,
      ...(stageSettings === undefined ? {} : { [STAGE_SETTINGS_CONTEXT_KEY]: stageSettings }),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...commandLine,
    },
  });
  const stacks = addLakelineStacks(app, {
    target: options.target ?? {},
    nag: options.nag ?? false,
    ...(options.datasets ? { datasets: options.datasets } : {}),
  });
  return { app, stack: stacks.lakeline, githubDeploy: stacks.githubDeploy };
}

/** Stage settings (by default cdk.json's) with `alarmEmails` set for one stage, as an operator edits the file. */
export function withAlarmEmails(
  stage: string,
  alarmEmails: readonly string[],
  settings: unknown = cdkJsonContext[STAGE_SETTINGS_CONTEXT_KEY],
): Record<string, unknown> {
  const stages = (settings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return { ...stages, [stage]: { ...stages[stage], alarmEmails } };
}

export function synthLakeline(options: SynthOptions = {}): Template {
  return Template.fromStack(buildLakelineApp(options).stack);
}
