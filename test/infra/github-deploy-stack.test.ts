import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { addGitHubDeployStackFromContext, GitHubDeployStack, type GitHubDeployStackProps } from '../../lib/github-deploy-stack';
import { addNagPacks } from '../../lib/nag-packs';

const env = { account: '123456789012', region: 'eu-west-1' };

type Statement = {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
type Resource = { Type: string; Properties: Record<string, unknown> };

function buildStack(props: Partial<GitHubDeployStackProps> = {}) {
  const app = new App();
  const stack = new GitHubDeployStack(app, 'LakelineGitHubDeploy', {
    repository: 'acme/lakeline',
    environments: ['dev', 'prod'],
    env,
    ...props,
  });
  return {
    app,
    stack,
    /** Synthesises on first read, so tests that add constructs or plugins must not read it. */
    get template() {
      return Template.fromStack(stack);
    },
  };
}

/** Renders an ARN built with Fn::Join back to text, pseudo parameters as <AWS::...>. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (record.Ref !== undefined) return `<${record.Ref}>`;
  if (record['Fn::Join'] !== undefined) return record['Fn::Join'][1].map(render).join(record['Fn::Join'][0]);
  return JSON.stringify(value);
}

function resource(template: Template, logicalIdPrefix: string): Resource {
  const entry = Object.entries(template.toJSON().Resources as Record<string, Resource>).find(([id]) => id.startsWith(logicalIdPrefix));
  if (entry === undefined) throw new Error(`no resource ${logicalIdPrefix}`);
  return entry[1];
}

function policyStatements(template: Template, policyPrefix: string): Statement[] {
  return (resource(template, policyPrefix).Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

function trustStatement(template: Template, rolePrefix: string): Statement {
  const [statement] = (resource(template, rolePrefix).Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
  if (statement === undefined) throw new Error('no trust statement');
  return statement;
}

describe('GitHubDeployStack', () => {
  it('creates the GitHub OIDC provider with the STS audience', () => {
    // Act
    const { template } = buildStack();

    // Assert
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it.each(['DeployRole', 'SmokeTestRole'])('lets %s be assumed only by this repository in its environments, matched exactly', (role) => {
    // Act
    const { template } = buildStack();

    // Assert
    const trust = trustStatement(template, role);
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': ['repo:acme/lakeline:environment:dev', 'repo:acme/lakeline:environment:prod'],
      },
    });
    expect(JSON.stringify(trust)).not.toContain('*');
  });

  it('also trusts the main branch only when asked to', () => {
    // Act
    const { template } = buildStack({ allowMainBranch: true, environments: ['prod'] });

    // Assert
    expect(trustStatement(template, 'DeployRole').Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/lakeline:environment:prod',
      'repo:acme/lakeline:ref:refs/heads/main',
    ]);
  });

  it('allows the deploy role nothing but assuming the CDK bootstrap roles of the qualifier', () => {
    // Act
    const { template } = buildStack({ bootstrapQualifier: 'lakeline1' });

    // Assert
    const statements = policyStatements(template, 'DeployRoleDefaultPolicy');
    expect(statements).toHaveLength(1);
    const [assumeBootstrapRoles] = statements;
    expect(assumeBootstrapRoles?.Action).toBe('sts:AssumeRole');
    expect(assumeBootstrapRoles?.Effect).toBe('Allow');
    expect(((assumeBootstrapRoles?.Resource ?? []) as unknown[]).map(render)).toEqual(
      ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'].map(
        (kind) => `arn:<AWS::Partition>:iam::123456789012:role/cdk-lakeline1-${kind}-123456789012-eu-west-1`,
      ),
    );
    expect(resource(template, 'DeployRole').Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('limits the smoke-test role to publishing to lakeline topics, reading API keys and SNS key use', () => {
    // Act
    const { template } = buildStack();

    // Assert
    const statements = policyStatements(template, 'SmokeTestRoleDefaultPolicy');
    expect(statements.map((statement) => [statement.Action, render(statement.Resource)])).toEqual([
      ['sns:Publish', 'arn:<AWS::Partition>:sns:eu-west-1:123456789012:lakeline-*'],
      ['apigateway:GET', 'arn:<AWS::Partition>:apigateway:eu-west-1::/apikeys/*'],
      [['kms:GenerateDataKey', 'kms:Decrypt'], 'arn:<AWS::Partition>:kms:eu-west-1:123456789012:key/*'],
    ]);
    expect(statements[2]?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } });
  });

  it('reuses an existing OIDC provider instead of creating a second one', () => {
    // Act
    const { template } = buildStack({
      existingOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });

    // Assert
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(trustStatement(template, 'DeployRole')).toMatchObject({
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
    });
  });

  it('refuses a repository that is not owner/name and an environment with a wildcard', () => {
    // Act + Assert
    expect(() => buildStack({ repository: 'acme' })).toThrow(/owner\/name/);
    expect(() => buildStack({ environments: ['*'] })).toThrow(/environments/);
    expect(() => buildStack({ environments: [] })).toThrow(/environments/);
  });

  it.each([{ env }, { env: undefined }])('passes cdk-nag AwsSolutions and Serverless with no unacknowledged finding (%j)', (options) => {
    // Prepare
    const { app } = buildStack(options);
    addNagPacks(app);

    // Act
    const synth = () => app.synth();

    // Assert
    expect(synth).not.toThrow();
  });

  it('fails cdk-nag when an unacknowledged wildcard permission is added (the check can fail)', () => {
    // Prepare
    const { app, stack } = buildStack();
    const extra = new Role(stack, 'TooBroad', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    extra.addToPolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synth = () => app.synth();

    // Assert
    expect(synth).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});

describe('addGitHubDeployStackFromContext', () => {
  it('adds nothing without the githubRepository context', () => {
    // Act
    const stack = addGitHubDeployStackFromContext(new App());

    // Assert
    expect(stack).toBeUndefined();
  });

  it('adds the stack for the repository, environments and qualifier given as context', () => {
    // Prepare
    const app = new App({ context: { githubRepository: 'acme/lakeline', githubEnvironments: 'staging, prod', bootstrapQualifier: 'q1' } });

    // Act
    const stack = addGitHubDeployStackFromContext(app);

    // Assert
    expect(stack?.stackName).toBe('LakelineGitHubDeploy');
    const template = Template.fromStack(stack as GitHubDeployStack);
    expect(trustStatement(template, 'DeployRole').Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/lakeline:environment:staging',
      'repo:acme/lakeline:environment:prod',
    ]);
    expect(JSON.stringify(policyStatements(template, 'DeployRoleDefaultPolicy'))).toContain('cdk-q1-deploy-role-');
  });

  it('trusts an existing OIDC provider given as context instead of creating a second one', () => {
    // Prepare
    const providerArn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const app = new App({ context: { githubRepository: 'acme/lakeline', existingOidcProviderArn: providerArn } });

    // Act
    const template = Template.fromStack(addGitHubDeployStackFromContext(app, env) as GitHubDeployStack);

    // Assert
    expect(Object.keys(template.findResources('AWS::IAM::OIDCProvider'))).toEqual([]);
    expect(trustStatement(template, 'DeployRole').Principal).toEqual({ Federated: providerArn });
    expect(trustStatement(template, 'SmokeTestRole').Principal).toEqual({ Federated: providerArn });
  });

  it("refuses an existingOidcProviderArn that is not GitHub's provider, naming the expected form", () => {
    // Prepare
    const app = new App({ context: { githubRepository: 'acme/lakeline', existingOidcProviderArn: 'arn:aws:iam::123456789012:role/x' } });

    // Act
    const add = () => addGitHubDeployStackFromContext(app, env);

    // Assert
    expect(add).toThrow(/existingOidcProviderArn must be the ARN of GitHub's OIDC provider/);
  });
});
