/**
 * A sample deployment of Lakeline for IAM evaluation: the app built as `cdk deploy` builds it (cdk.json's context, the
 * GitHub deploy stack) for a concrete account and region, with the roles and resources of each stack located by the
 * constructs that made them, and helpers that give the exact ARN (and resource policy) a request touches.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { StageName } from '../../lib/stage-config';
import { type PolicyDocument, StackPolicies } from './iam-simulation';
import { buildLakelineApp } from './synth-lakeline';
import { type TemplateJson, TemplateResolver } from './template-resolver';

export const SAMPLE_TARGET = { account: '123456789012', region: 'eu-west-1' } as const;
/** An account that is not the deployment's, for requests that must come from the deployment's account only. */
export const OTHER_ACCOUNT = '999999999999';

export interface Probe {
  readonly resource: string;
  /** The resource's own policy, evaluated with the identity policies (bucket, topic, queue, key policy…). */
  readonly resourcePolicy?: PolicyDocument | undefined;
  readonly context?: Readonly<Record<string, string>>;
}

export interface DatasetSample {
  readonly name: string;
  readonly ingestRole: string;
  readonly ingestFunction: string;
  readonly topic: string;
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly table: string;
}

export interface DeployedSample {
  readonly lakeline: StackPolicies;
  readonly github: StackPolicies;
  readonly datasets: readonly DatasetSample[];
  readonly queryRole: string;
  readonly queryFunction: string;
  readonly compactionRole: string;
  readonly compactionFunction: string;
  readonly compactionDeadLetterQueue: string;
  readonly smokeTestRole: string;
  readonly deployRole: string;
}

function logicalIdOf(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.resolve(stack.getLogicalId(element)) as string;
}

function policiesOf(stack: Stack): StackPolicies {
  const template = Template.fromStack(stack).toJSON() as TemplateJson;
  return new StackPolicies(new TemplateResolver(template, { ...SAMPLE_TARGET, partition: 'aws', stackName: stack.stackName }));
}

export function deployedSample(stage: StageName = 'dev'): DeployedSample {
  const { stack, githubDeploy } = buildLakelineApp({ stage, target: SAMPLE_TARGET, context: { githubRepository: 'acme/lakeline' } });
  if (!githubDeploy) throw new Error('the GitHub deploy stack is added by -c githubRepository');
  return {
    lakeline: policiesOf(stack),
    github: policiesOf(githubDeploy),
    datasets: stack.pipelines.map((pipeline) => ({
      name: pipeline.dataset.name,
      ingestRole: logicalIdOf(pipeline.ingest.role),
      ingestFunction: logicalIdOf(pipeline.ingest.function),
      topic: logicalIdOf(pipeline.topic),
      queue: logicalIdOf(pipeline.queue),
      deadLetterQueue: logicalIdOf(pipeline.deadLetterQueue),
      table: logicalIdOf(pipeline.table),
    })),
    queryRole: logicalIdOf(stack.queryApi.query.role),
    queryFunction: logicalIdOf(stack.queryApi.query.function),
    compactionRole: logicalIdOf(stack.compaction.compaction.role),
    compactionFunction: logicalIdOf(stack.compaction.compaction.function),
    compactionDeadLetterQueue: logicalIdOf(stack.compaction.deadLetterQueue),
    smokeTestRole: logicalIdOf(githubDeploy.smokeTestRole),
    deployRole: logicalIdOf(githubDeploy.deployRole),
  };
}

/** The ARNs of the Lakeline stack's resources, each with the resource policy that applies to it. */
export class LakelineResources {
  readonly resolver: TemplateResolver;

  constructor(readonly policies: StackPolicies) {
    this.resolver = policies.resolver;
  }

  get account(): string {
    return this.resolver.environment.account;
  }

  get region(): string {
    return this.resolver.environment.region;
  }

  /** A function's environment variables as deployed. */
  environmentOf(functionId: string): Record<string, string> {
    const environment = this.resolver.resolve(this.resolver.resource(functionId).Properties.Environment) as {
      Variables?: Record<string, string>;
    };
    return environment.Variables ?? {};
  }

  /** The template bucket whose physical name is `name`. */
  bucketNamed(name: string): string {
    const found = this.resolver.logicalIdsOf('AWS::S3::Bucket').find((id) => this.resolver.physicalName(id) === name);
    if (!found) throw new Error(`no bucket named ${name} in the template`);
    return found;
  }

  /** `s3://bucket/prefix` as the bucket's logical id and the key prefix. */
  s3Location(uri: string): { bucket: string; prefix: string } {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
    if (!match) throw new Error(`not an S3 location: ${uri}`);
    return { bucket: this.bucketNamed(match[1] ?? ''), prefix: match[2] ?? '' };
  }

  object(bucket: string, key: string, context?: Record<string, string>): Probe {
    return {
      resource: `${this.resolver.getAtt(bucket, 'Arn')}/${key}`,
      resourcePolicy: this.policies.resourcePolicy(bucket),
      ...(context ? { context } : {}),
    };
  }

  bucket(bucket: string, context?: Record<string, string>): Probe {
    return {
      resource: this.resolver.getAtt(bucket, 'Arn'),
      resourcePolicy: this.policies.resourcePolicy(bucket),
      ...(context ? { context } : {}),
    };
  }

  queue(queue: string): Probe {
    return { resource: this.resolver.getAtt(queue, 'Arn'), resourcePolicy: this.policies.resourcePolicy(queue) };
  }

  topic(topic: string): Probe {
    return { resource: this.resolver.ref(topic), resourcePolicy: this.policies.resourcePolicy(topic) };
  }

  /** A Glue Data Catalog resource, e.g. `catalog`, `database/default`, `table/lakeline_dev/passengers`. */
  glue(path: string): Probe {
    return { resource: `arn:aws:glue:${this.region}:${this.account}:${path}` };
  }

  athenaWorkGroup(name: string): Probe {
    return { resource: `arn:aws:athena:${this.region}:${this.account}:workgroup/${name}` };
  }

  workGroupNamed(name: string): string {
    const found = this.resolver.logicalIdsOf('AWS::Athena::WorkGroup').find((id) => this.resolver.physicalName(id) === name);
    if (!found) throw new Error(`no Athena workgroup named ${name} in the template`);
    return found;
  }

  /** A log stream in the log group the function writes to (its LoggingConfig, or the default /aws/lambda/<name>). */
  logStream(functionId: string): Probe {
    const properties = this.resolver.resolve(this.resolver.resource(functionId).Properties) as {
      FunctionName: string;
      LoggingConfig?: { LogGroup?: string };
    };
    const group = properties.LoggingConfig?.LogGroup ?? `/aws/lambda/${properties.FunctionName}`;
    return { resource: `arn:aws:logs:${this.region}:${this.account}:log-group:${group}:log-stream:2025/01/01/[$LATEST]0123456789abcdef` };
  }

  apiKey(apiKey: string): Probe {
    return { resource: `arn:aws:apigateway:${this.region}::/apikeys/${this.resolver.ref(apiKey)}` };
  }

  /** The logical id a stack output's value points at. */
  outputResource(outputName: string): string {
    const output = this.resolver.template.Outputs?.[outputName];
    const id = TemplateResolver.referencedId(output?.Value);
    if (!id) throw new Error(`output ${outputName} does not reference a resource`);
    return id;
  }
}
