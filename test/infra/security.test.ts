/**
 * Security properties of every synthesised Lakeline template (dev and prod, and the GitHub deploy stack): no
 * wildcard actions, every wildcard resource acknowledged with a reason, API keys on the data routes, TLS-only
 * resource policies, topics and queues encrypted at rest and built from the secure constructs, blocked public access,
 * no unconditional public principal.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { SecureBucket } from '../../lib/constructs/secure-bucket';
import { SecureQueue } from '../../lib/constructs/secure-queue';
import { SecureTopic } from '../../lib/constructs/secure-topic';
import { GitHubDeployStack } from '../../lib/github-deploy-stack';
import { unconditionalPublicAllows, wildcardActionAllows } from './policy-checks';
import { asList, type PolicyStatement, statementsOf, type TemplateResource } from './policy-statements';
import { buildLakelineApp } from './synth-lakeline';
import { logicalIdsOf, unencryptedAtRest, withoutTlsDeny } from './transport-and-rest-checks';
import { acknowledgementsIn } from './validation-findings';

interface SynthesisedStack {
  readonly name: string;
  readonly app: App;
  readonly stack: Stack;
  readonly resources: Record<string, TemplateResource>;
}

function synthesised(name: string, app: App, stack: Stack): SynthesisedStack {
  return { name, app, stack, resources: Template.fromStack(stack).toJSON().Resources as Record<string, TemplateResource> };
}

function deployStack(): SynthesisedStack {
  const { app } = buildLakelineApp();
  const stack = new GitHubDeployStack(app, 'LakelineGitHubDeploy', {
    repository: 'acme/lakeline',
    environments: ['dev', 'prod'],
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  return synthesised('github-deploy', app, stack);
}

const dev = buildLakelineApp({ stage: 'dev' });
const prod = buildLakelineApp({ stage: 'prod', alarmEmail: 'ops@example.com' });
const LAKELINE_STACKS = [synthesised('dev', dev.app, dev.stack), synthesised('prod', prod.app, prod.stack)];
const ALL_STACKS = [...LAKELINE_STACKS, deployStack()];

/** A resource entry the way cdk-nag names it in finding ids: `Ref` as `<Id>`, `Fn::GetAtt` as `<Id.Attr>`, joins concatenated. */
function nagForm(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, unknown>;
  if ('Ref' in record) return `<${String(record.Ref)}>`;
  if ('Fn::GetAtt' in record) return `<${(record['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(nagForm).join(separator);
  }
  return JSON.stringify(value);
}

/** Acknowledgement ids may spell the partition as cdk-nag renders the token (`<AWS::Partition>`) where the template has `aws`. */
function samePattern(acknowledged: string, finding: string): boolean {
  const normalised = (id: string) => id.replaceAll('<AWS::Partition>', 'aws');
  return normalised(acknowledged) === normalised(finding);
}

/** The construct path of each CloudFormation resource, by logical id. */
function constructPaths(stack: Stack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof CfnResource) paths.set(stack.resolve(stack.getLogicalId(construct)) as string, construct.node.path);
  }
  return paths;
}

/** Policies that grant an identity permissions: where cdk-nag's IAM5 rule asks for every wildcard resource to be justified. */
const IDENTITY_POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/** Every route of the API, written out here rather than read from the route table the construct is built from. */
const API_ROUTES = [
  '/v1/datasets',
  '/v1/datasets/{name}/aggregate',
  '/v1/datasets/{name}/records',
  '/v1/datasets/{name}/rejected',
  '/v1/datasets/{name}/rejected/daily',
  '/v1/openapi.json',
  '/v1/queries/{queryId}',
];

function resourcePath(resources: Record<string, TemplateResource>, logicalId: string): string {
  const resource = resources[logicalId];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  const parent = resource.Properties.ParentId as { Ref?: string };
  return `${parent.Ref ? resourcePath(resources, parent.Ref) : ''}/${String(resource.Properties.PathPart)}`;
}

describe.each(ALL_STACKS)('security of the $name stack', ({ app, stack, resources }) => {
  it('allows no wildcard action, neither "*" nor "service:*", and no NotAction', () => {
    // Act
    const offending = wildcardActionAllows(resources);

    // Assert
    expect(offending).toEqual([]);
  });

  it('acknowledges every wildcard resource of an identity policy with a reason, on the construct that holds the policy', () => {
    // Prepare
    const paths = constructPaths(stack);
    const acknowledgements = acknowledgementsIn(app);
    const identityPolicies = Object.fromEntries(
      Object.entries(resources).filter(([, resource]) => IDENTITY_POLICY_TYPES.includes(resource.Type)),
    );
    const wildcards = statementsOf(identityPolicies).flatMap(({ owner, statement }) =>
      statement.Effect === 'Allow' ? asList(statement.Resource).map((resource) => ({ owner, resource: nagForm(resource) })) : [],
    );

    // Act
    const unacknowledged = wildcards
      .filter(({ resource }) => resource.includes('*'))
      .filter(({ owner, resource }) => {
        const policyPath = paths.get(owner) ?? owner;
        return !acknowledgements.some(
          (ack) =>
            (policyPath === ack.path || policyPath.startsWith(`${ack.path}/`)) &&
            samePattern(ack.id.replace(/^Annotation::/, ''), `AwsSolutions-IAM5[Resource::${resource}]`) &&
            ack.reason.length > 40,
        );
      });

    // Assert
    expect(unacknowledged).toEqual([]);
  });

  it('grants no Allow to a public principal without a condition', () => {
    // Act
    const publicAllows = unconditionalPublicAllows(resources);

    // Assert
    expect(publicAllows).toEqual([]);
  });

  it('blocks every kind of public access on every bucket', () => {
    // Act
    const buckets = Object.values(resources).filter((resource) => resource.Type === 'AWS::S3::Bucket');

    // Assert
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies requests without TLS on every bucket, topic and queue', () => {
    // Act
    const offending = withoutTlsDeny(resources);

    // Assert
    expect(offending).toEqual([]);
  });

  it('encrypts every topic and queue at rest', () => {
    // Act
    const offending = unencryptedAtRest(resources);

    // Assert
    expect(offending).toEqual([]);
  });
});

describe.each(LAKELINE_STACKS)('queues and topics of the $name stack', ({ stack }) => {
  it('are all SecureQueue and SecureTopic, so none misses their TLS and encryption defaults', () => {
    // Act
    const plain = stack.node
      .findAll()
      .filter(
        (construct) =>
          (construct instanceof Queue && !(construct instanceof SecureQueue)) ||
          (construct instanceof Topic && !(construct instanceof SecureTopic)),
      )
      .map((construct) => construct.node.path);

    // Assert
    expect(plain).toEqual([]);
  });
});

describe.each(LAKELINE_STACKS)('API of the $name stack', ({ resources }) => {
  it('requires the API key on every method of every route', () => {
    // Prepare
    const methods = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::ApiGateway::Method' && resource.Properties.HttpMethod !== 'OPTIONS')
      .map((method) => ({
        path: resourcePath(resources, String((method.Properties.ResourceId as { Ref?: string }).Ref)),
        httpMethod: method.Properties.HttpMethod,
        apiKeyRequired: method.Properties.ApiKeyRequired,
      }));

    // Act
    const withoutKey = methods.filter((method) => method.apiKeyRequired !== true);

    // Assert
    expect(methods.map((method) => method.path).sort()).toEqual(API_ROUTES);
    expect(withoutKey).toEqual([]);
  });

  it('has the TLS checks above covering at least one bucket, topic and queue', () => {
    // Act
    const counts = ['AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue'].map((type) => logicalIdsOf(resources, type).length);

    // Assert
    for (const count of counts) expect(count).toBeGreaterThan(0);
  });
});

describe('the TLS and encryption-at-rest checks', () => {
  function resourcesOf(build: (stack: Stack) => void): Record<string, TemplateResource> {
    const stack = new Stack(new App(), 'Planted');
    build(stack);
    return Template.fromStack(stack).toJSON().Resources as Record<string, TemplateResource>;
  }

  it('name a bucket, topic and queue created without the secure constructs', () => {
    // Prepare
    const resources = resourcesOf((stack) => {
      new Bucket(stack, 'PlainBucket');
      new Topic(stack, 'PlainTopic');
      new Queue(stack, 'PlainQueue');
    });
    const [bucket, topic, queue] = ['AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue'].map(
      (type) => logicalIdsOf(resources, type)[0],
    );

    // Act
    const withoutTls = withoutTlsDeny(resources);
    const unencrypted = unencryptedAtRest(resources);

    // Assert
    expect(withoutTls).toEqual([bucket, topic, queue]);
    expect(unencrypted).toEqual([topic, queue]);
  });

  it('pass the same resources created with SecureBucket, SecureTopic and SecureQueue', () => {
    // Prepare
    const resources = resourcesOf((stack) => {
      new SecureBucket(stack, 'Bucket', { versioned: false });
      new SecureTopic(stack, 'Topic', { topicName: 't', displayName: 'T', masterKey: Alias.fromAliasName(stack, 'Key', 'alias/aws/sns') });
      new SecureQueue(stack, 'Queue', { queueName: 'q' });
    });

    // Act
    const withoutTls = withoutTlsDeny(resources);
    const unencrypted = unencryptedAtRest(resources);

    // Assert
    expect({ withoutTls, unencrypted }).toEqual({ withoutTls: [], unencrypted: [] });
  });
});

describe('the wildcard-resource check', () => {
  it('reads a joined ARN the way cdk-nag names it, so the acknowledgement ids can match', () => {
    // Act
    const form = nagForm({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LakeBucket', 'Arn'] }, '/raw/passengers/*']] });

    // Assert
    expect(form).toBe('<LakeBucket.Arn>/raw/passengers/*');
  });

  it('finds the stack of each synthesised template', () => {
    expect(ALL_STACKS.map(({ stack }) => Stack.of(stack).stackName)).toEqual(['Lakeline-dev', 'Lakeline-prod', 'LakelineGitHubDeploy']);
  });
});

describe('the policy checks', () => {
  const policyWith = (statement: PolicyStatement): Record<string, TemplateResource> => ({
    Planted: { Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
  });

  it.each([
    ['"*"', '*'],
    ['{"AWS":"*"}', { AWS: '*' }],
    ['{"AWS":["*"]}', { AWS: ['*'] }],
    ['{"AWS":["arn:aws:iam::123456789012:root","*"]}', { AWS: ['arn:aws:iam::123456789012:root', '*'] }],
  ])('catch an unconditional Allow to the public principal %s', (_label, principal) => {
    // Prepare
    const resources = policyWith({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Principal: principal });

    // Act
    const found = unconditionalPublicAllows(resources);

    // Assert
    expect(found.map(({ owner }) => owner)).toEqual(['Planted']);
  });

  it('catch an unconditional Allow with NotPrincipal, which admits everyone else', () => {
    // Prepare
    const resources = policyWith({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' },
    });

    // Act
    const found = unconditionalPublicAllows(resources);

    // Assert
    expect(found.map(({ owner }) => owner)).toEqual(['Planted']);
  });

  it('let a public principal through only when a condition narrows it, and a named principal always', () => {
    // Prepare
    const conditioned = policyWith({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Principal: { AWS: ['*'] },
      Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' } },
    });
    const named = policyWith({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' } });

    // Act
    const found = [...unconditionalPublicAllows(conditioned), ...unconditionalPublicAllows(named)];

    // Assert
    expect(found).toEqual([]);
  });

  it.each([
    ['*', { Action: '*' }],
    ['s3:*', { Action: ['s3:GetObject', 's3:*'] }],
    ['s3:Get*', { Action: 's3:Get*' }],
    ['NotAction', { NotAction: 's3:DeleteObject' }],
  ])('catch an Allow of the wildcard action %s', (_label, actions) => {
    // Prepare
    const resources = {
      Planted: {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Resource: '*', ...actions }] } },
      },
    };

    // Act
    const found = wildcardActionAllows(resources);

    // Assert
    expect(found.map(({ owner }) => owner)).toEqual(['Planted']);
  });
});
