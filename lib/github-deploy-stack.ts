import { type App, CfnOutput, Duration, Stack, type StackProps, Token } from 'aws-cdk-lib';
import { OidcProviderNative, PolicyStatement, Role, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeFinding } from './nag-acknowledgements';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** The default qualifier `cdk bootstrap` uses. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';
/** The roles `cdk bootstrap` creates and `cdk deploy` assumes. */
export const CDK_BOOTSTRAP_ROLE_KINDS = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'] as const;

export interface GitHubDeployStackProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows may deploy. */
  readonly repository: string;
  /** GitHub environments (the workflow jobs' `environment:`) whose tokens are trusted, e.g. ['dev', 'prod']. */
  readonly environments: readonly string[];
  /** Also trust jobs without an environment running on refs/heads/main. @default false */
  readonly allowMainBranch?: boolean;
  /** Qualifier the target account/region was bootstrapped with. @default 'hnb659fds' */
  readonly bootstrapQualifier?: string;
  /** Regions whose bootstrap roles the deploy role may assume. @default [this stack's region] */
  readonly deployRegions?: readonly string[];
  /** Use an existing GitHub OIDC provider (an account holds only one per URL) instead of creating it. */
  readonly existingOidcProviderArn?: string;
  /** Topic name patterns the smoke-test role may publish to. @default ['lakeline-*'] */
  readonly smokeTopicNamePatterns?: readonly string[];
}

/**
 * Deployed once by hand per account (see docs/runbook.md "First-time setup"). Creates the GitHub OIDC
 * provider, a deploy role that can do nothing but assume the CDK bootstrap roles, and a smoke-test role
 * that can only read API key values and publish to Lakeline topics. Both trust only GitHub tokens of
 * `repository` running in one of `environments` (the `sub` claim is matched exactly, never with a wildcard).
 */
export class GitHubDeployStack extends Stack {
  readonly deployRole: Role;
  readonly smokeTestRole: Role;

  constructor(scope: Construct, id: string, props: GitHubDeployStackProps) {
    super(scope, id, props);
    const subjects = githubSubjects(props);
    const providerArn =
      props.existingOidcProviderArn ??
      new OidcProviderNative(this, 'GitHubOidcProvider', { url: `https://${GITHUB_OIDC_HOST}`, clientIds: [GITHUB_OIDC_AUDIENCE] })
        .oidcProviderArn;
    const principal = () =>
      new WebIdentityPrincipal(providerArn, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects },
      });

    this.deployRole = new Role(this, 'DeployRole', {
      assumedBy: principal(),
      description: `GitHub Actions of ${props.repository} (${subjects.join(', ')}): may only assume the CDK bootstrap roles`,
      maxSessionDuration: Duration.hours(1),
    });
    this.deployRole.addToPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: this.bootstrapRoleArns(props.bootstrapQualifier, props.deployRegions),
      }),
    );

    this.smokeTestRole = new Role(this, 'SmokeTestRole', {
      assumedBy: principal(),
      description: `GitHub Actions of ${props.repository}: smoke test (read API key values, publish to Lakeline topics)`,
      maxSessionDuration: Duration.hours(1),
    });
    this.grantSmokeTest(props.smokeTopicNamePatterns ?? ['lakeline-*']);

    new CfnOutput(this, 'DeployRoleArn', { value: this.deployRole.roleArn, description: 'GitHub variable AWS_DEPLOY_ROLE_ARN' });
    new CfnOutput(this, 'SmokeTestRoleArn', { value: this.smokeTestRole.roleArn, description: 'GitHub variable AWS_SMOKE_ROLE_ARN' });
  }

  private bootstrapRoleArns(qualifier = DEFAULT_BOOTSTRAP_QUALIFIER, regions: readonly string[] = [this.region]): string[] {
    return regions.flatMap((region) =>
      CDK_BOOTSTRAP_ROLE_KINDS.map(
        (kind) => `arn:${this.partition}:iam::${this.account}:role/cdk-${qualifier}-${kind}-${this.account}-${region}`,
      ),
    );
  }

  private grantSmokeTest(topicNamePatterns: readonly string[]): void {
    const topics = topicNamePatterns.map((pattern) => this.arn((p, r, a) => `arn:${p}:sns:${r}:${a}:${pattern}`));
    const apiKeys = this.arn((p, r) => `arn:${p}:apigateway:${r}::/apikeys/*`);
    const keys = this.arn((p, r, a) => `arn:${p}:kms:${r}:${a}:key/*`);
    this.smokeTestRole.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((topic) => topic.arn) }));
    this.smokeTestRole.addToPolicy(new PolicyStatement({ actions: ['apigateway:GET'], resources: [apiKeys.arn] }));
    this.smokeTestRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keys.arn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${this.region}.amazonaws.com` } },
      }),
    );
    const acknowledge = (finding: { nagForm: string }, reason: string) =>
      acknowledgeFinding(this.smokeTestRole, `AwsSolutions-IAM5[Resource::${finding.nagForm}]`, reason);
    for (const topic of topics) {
      acknowledge(topic, 'Topic names are generated by the Lakeline stack deployed later; publish is limited to this name pattern.');
    }
    acknowledge(apiKeys, 'The smoke test reads the value of the API key the stack created; key ids are generated at deploy time.');
    acknowledge(keys, 'Publishing to a KMS-encrypted topic needs the topic key; limited to use through SNS by kms:ViaService.');
  }

  /**
   * An ARN for the policy, and the same ARN as cdk-nag renders it in finding ids: a pseudo parameter that stays a token
   * is written `<AWS::…>`, one the stack resolved is written as its value. The partition is a literal (`aws`) whenever
   * the region is known and cdk.json's `@aws-cdk/core:enablePartitionLiterals` is on, so it is rendered like the others.
   */
  private arn(format: (partition: string, region: string, account: string) => string): { arn: string; nagForm: string } {
    const rendered = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    return {
      arn: format(this.partition, this.region, this.account),
      nagForm: format(rendered(this.partition, 'Partition'), rendered(this.region, 'Region'), rendered(this.account, 'AccountId')),
    };
  }
}

/** The exact `sub` claims trusted: one per environment, plus the main branch when allowed. */
export function githubSubjects(props: Pick<GitHubDeployStackProps, 'repository' | 'environments' | 'allowMainBranch'>): string[] {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repository)) {
    throw new Error(`GitHubDeployStack: repository must be "owner/name", got "${props.repository}"`);
  }
  if (props.environments.length === 0 || props.environments.some((environment) => !/^[A-Za-z0-9_-]+$/.test(environment))) {
    throw new Error(`GitHubDeployStack: environments must be plain names, got ${JSON.stringify(props.environments)}`);
  }
  const subjects = props.environments.map((environment) => `repo:${props.repository}:environment:${environment}`);
  return props.allowMainBranch === true ? [...subjects, `repo:${props.repository}:ref:refs/heads/main`] : subjects;
}

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/**
 * Adds the stack when the app is synthesised with `-c githubRepository=owner/name` (optionally
 * `-c githubEnvironments=dev,prod`, `-c bootstrapQualifier=...`, and `-c existingOidcProviderArn=arn:…` in an account
 * that already has GitHub's OIDC provider). Returns undefined otherwise.
 */
export function addGitHubDeployStackFromContext(
  app: App,
  env: StackProps['env'] = {},
  id = 'LakelineGitHubDeploy',
): GitHubDeployStack | undefined {
  const repository: unknown = app.node.tryGetContext('githubRepository');
  if (typeof repository !== 'string' || repository === '') return undefined;
  const environments: unknown = app.node.tryGetContext('githubEnvironments');
  const qualifier: unknown = app.node.tryGetContext('bootstrapQualifier');
  const providerArn: unknown = app.node.tryGetContext('existingOidcProviderArn');
  if (providerArn !== undefined && (typeof providerArn !== 'string' || !OIDC_PROVIDER_ARN.test(providerArn))) {
    throw new Error(
      `-c existingOidcProviderArn must be the ARN of GitHub's OIDC provider (arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_HOST}), got ${JSON.stringify(providerArn)}`,
    );
  }
  return new GitHubDeployStack(app, id, {
    repository,
    environments: typeof environments === 'string' ? environments.split(',').map((name) => name.trim()) : ['dev', 'prod'],
    ...(typeof qualifier === 'string' ? { bootstrapQualifier: qualifier } : {}),
    ...(typeof providerArn === 'string' ? { existingOidcProviderArn: providerArn } : {}),
    env,
  });
}
