/**
 * Turns a synthesised template's intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split) into concrete
 * sample values, so IAM policies can be evaluated on the exact ARNs a deployment would have. Physical names the template
 * sets are used as they are; names CloudFormation would generate are derived from the stack name and logical id.
 */
import { createHash } from 'node:crypto';
import type { TemplateResource } from './policy-statements';

export interface SampleEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly stackName: string;
}

export interface TemplateJson {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Description?: string }>;
}

/** The property that holds a resource's physical name, where the template may set it. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::ApiGateway::Stage': 'StageName',
  'AWS::Athena::WorkGroup': 'Name',
};

/** Resource types whose Ref is a generated identifier rather than a name. */
const GENERATED_ID_TYPES = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::RequestValidator',
]);

export class TemplateResolver {
  readonly resources: Record<string, TemplateResource>;

  constructor(
    readonly template: TemplateJson,
    readonly environment: SampleEnvironment,
  ) {
    this.resources = template.Resources;
  }

  /** Every intrinsic inside `value` replaced by its sample value. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!value || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = record[key];
      if (key === 'Ref') return this.ref(String(argument));
      if (key === 'Fn::GetAtt') {
        const [logicalId, attribute] = (typeof argument === 'string' ? argument.split('.') : argument) as [string, string];
        return this.getAtt(logicalId, attribute);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = argument as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map(String).join(separator);
      }
      if (key === 'Fn::Sub') return this.substitute(argument);
      if (key === 'Fn::Select') {
        const [index, list] = argument as [unknown, unknown];
        return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
      }
      if (key === 'Fn::Split') {
        const [separator, text] = argument as [string, unknown];
        return String(this.resolve(text)).split(separator);
      }
      if (key.startsWith('Fn::')) throw new Error(`TemplateResolver: ${key} is not supported`);
    }
    return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, this.resolve(child)]));
  }

  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`TemplateResolver: ${JSON.stringify(value)} is not a string`);
    return resolved;
  }

  resource(logicalId: string): TemplateResource {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`TemplateResolver: no resource ${logicalId} in ${this.environment.stackName}`);
    return resource;
  }

  /** The value `Ref` returns for a pseudo parameter or a resource of the template. */
  ref(name: string): string {
    const { account, region, partition, stackName } = this.environment;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
    };
    if (name in pseudo) return pseudo[name] as string;
    const resource = this.resource(name);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${this.physicalName(name)}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${this.physicalName(name)}`;
      case 'AWS::KMS::Key':
        return sampleUuid(`${stackName}/${name}`);
      case 'AWS::IAM::OIDCProvider':
        return `arn:${partition}:iam::${account}:oidc-provider/${String(resource.Properties.Url).replace(/^https:\/\//, '')}`;
      case 'AWS::Glue::Database':
        return this.resolveString((resource.Properties.DatabaseInput as { Name: unknown }).Name);
      case 'AWS::Glue::Table':
        return this.resolveString((resource.Properties.TableInput as { Name: unknown }).Name);
      default:
        if (GENERATED_ID_TYPES.has(resource.Type)) return sampleId(`${stackName}/${name}`);
        if (resource.Type in NAME_PROPERTY) return this.physicalName(name);
        throw new Error(`TemplateResolver: Ref of ${resource.Type} (${name}) is not supported`);
    }
  }

  /** The value `Fn::GetAtt` returns, as a plausible ARN or name of the resource's type. */
  getAtt(logicalId: string, attribute: string): string {
    const { account, region, partition } = this.environment;
    const { Type: type } = this.resource(logicalId);
    const name = () => this.physicalName(logicalId);
    const key = `${type}.${attribute}`;
    switch (key) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${name()}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${region}:${account}:${name()}`;
      case 'AWS::SQS::Queue.QueueName':
      case 'AWS::SNS::Topic.TopicName':
        return name();
      case 'AWS::SQS::Queue.QueueUrl':
        return this.ref(logicalId);
      case 'AWS::SNS::Topic.TopicArn':
        return this.ref(logicalId);
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${name()}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${account}:log-group:${name()}:*`;
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role/${name()}`;
      case 'AWS::KMS::Key.Arn':
        return `arn:${partition}:kms:${region}:${account}:key/${this.ref(logicalId)}`;
      case 'AWS::CloudWatch::Alarm.Arn':
        return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name()}`;
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return sampleId(`${this.environment.stackName}/${logicalId}/root`);
      case 'AWS::IAM::OIDCProvider.Arn':
        return this.ref(logicalId);
      default:
        throw new Error(`TemplateResolver: Fn::GetAtt ${key} (${logicalId}) is not supported`);
    }
  }

  /** The physical name the template sets, or the one CloudFormation would generate from the stack name and logical id. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const given = property === undefined ? undefined : resource.Properties[property];
    if (given !== undefined) return this.resolveString(given);
    const generated = `${this.environment.stackName}-${logicalId}-${sampleId(logicalId).slice(0, 6)}`;
    return resource.Type === 'AWS::S3::Bucket' ? generated.toLowerCase().slice(0, 63) : generated;
  }

  /** The logical ids of the template's resources of `type`. */
  logicalIdsOf(type: string): string[] {
    return Object.entries(this.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId]) => logicalId);
  }

  /** The logical id a `{Ref}` or `{Fn::GetAtt}` value points at. */
  static referencedId(value: unknown): string | undefined {
    if (!value || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') return record.Ref;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return String(getAtt[0]);
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
    return undefined;
  }

  private substitute(argument: unknown): string {
    const [text, variables] = (Array.isArray(argument) ? argument : [argument, {}]) as [string, Record<string, unknown>];
    return text.replace(/\$\{([^}]+)\}/g, (_, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in variables) return String(this.resolve(variables[expression]));
      const [logicalId, attribute] = expression.split('.') as [string, string | undefined];
      return attribute === undefined ? this.ref(logicalId) : this.getAtt(logicalId, attribute);
    });
  }
}

/** A stable lower-case identifier of the kind API Gateway generates, derived from `seed`. */
export function sampleId(seed: string): string {
  return BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`)
    .toString(36)
    .padStart(10, '0')
    .slice(0, 10);
}

/** A stable UUID-shaped identifier (KMS key ids) derived from `seed`. */
export function sampleUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
