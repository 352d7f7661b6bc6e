import type { App } from 'aws-cdk-lib';
import { datasets as allDatasets } from '../datasets';
import type { DatasetDefinition } from '../lambdas/core/dataset';
import { addGitHubDeployStackFromContext, type GitHubDeployStack } from './github-deploy-stack';
import { LakelineStack } from './lakeline-stack';
import { addNagPacks } from './nag-packs';
import { stageConfigFromContext } from './stage-config';

/** Where the stacks deploy: `cdk deploy` resolves both from the credentials and sets CDK_DEFAULT_ACCOUNT/REGION. */
export interface DeploymentTarget {
  readonly account?: string;
  readonly region?: string;
}

export interface LakelineAppOptions {
  /** @default the target `cdk deploy` resolved ({@link targetFromEnvironment}) */
  readonly target?: DeploymentTarget;
  /** @default every definition in `datasets/` */
  readonly datasets?: readonly DatasetDefinition[];
  /** Run the cdk-nag packs on synthesis (any unacknowledged finding fails it). @default true */
  readonly nag?: boolean;
}

export interface LakelineStacks {
  readonly lakeline: LakelineStack;
  /** Only when the app is synthesised with `-c githubRepository=owner/name`. */
  readonly githubDeploy?: GitHubDeployStack;
}

/** The target `cdk deploy` resolved, read from the environment the CDK CLI gives the app. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): DeploymentTarget {
  return { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION };
}

/**
 * Adds every Lakeline stack the app's context asks for (`stage`, cdk.json's `lakeline:stages`, `githubRepository`, …) and the cdk-nag
 * packs. `bin/app.ts` is this call and nothing else, so a test that passes cdk.json's context plus a documented command
 * line's `-c` values synthesises exactly what that command deploys.
 */
export function addLakelineStacks(app: App, options: LakelineAppOptions = {}): LakelineStacks {
  const { target = targetFromEnvironment(), datasets = allDatasets } = options;
  const config = stageConfigFromContext((key) => app.node.tryGetContext(key));
  const env = { account: target.account, region: target.region };
  const lakeline = new LakelineStack(app, `Lakeline-${config.stage}`, {
    config,
    datasets,
    description: `Lakeline ${config.stage}: SNS -> SQS -> Lambda -> S3 / Glue / Athena -> API Gateway`,
    env,
    tags: { project: 'lakeline', stage: config.stage },
  });
  const githubDeploy = addGitHubDeployStackFromContext(app, env);
  if (options.nag ?? true) addNagPacks(app);
  return { lakeline, ...(githubDeploy ? { githubDeploy } : {}) };
}
