#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { datasets } from '../datasets';
import { addGitHubDeployStackFromContext } from '../lib/github-deploy-stack';
import { LakelineStack } from '../lib/lakeline-stack';
import { addNagPacks } from '../lib/nag-packs';
import { stageConfig } from '../lib/stage-config';

const app = new App();
const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))) {
  throw new Error(`-c alarmEmail must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);
}

new LakelineStack(app, `Lakeline-${config.stage}`, {
  config,
  datasets,
  alarmEmail,
  description: `Lakeline ${config.stage}: SNS -> SQS -> Lambda -> S3 / Glue / Athena -> API Gateway`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  tags: { project: 'lakeline', stage: config.stage },
});
addGitHubDeployStackFromContext(app);
addNagPacks(app);
app.synth();
