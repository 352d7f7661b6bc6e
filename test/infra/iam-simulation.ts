/**
 * Evaluates a synthesised template's IAM policies offline with @cloud-copilot/iam-simulate: the identity policies of a
 * role and the resource policy of the resource a request touches (bucket, topic, queue, key policy, Lambda permissions),
 * with every intrinsic resolved to concrete sample ARNs.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { asList, type PolicyStatement, type TemplateResource } from './policy-statements';
import { TemplateResolver } from './template-resolver';

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface IamRequest {
  /** A role ARN, or a service principal such as `cloudwatch.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Request context; `aws:SecureTransport` is `true` unless given, as every AWS SDK and service call uses TLS. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface ApplicablePolicies {
  readonly identity: readonly PolicyDocument[];
  readonly resource?: PolicyDocument | undefined;
}

/** The account that owns `arn`; S3 and IAM-global ARNs carry none, so `fallback` (the template's account) owns them. */
function accountOf(arn: string, fallback: string): string {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

/** How iam-simulate decides `request` under `policies`; a simulation it cannot run (bad policy, unknown action) throws. */
export async function decide(request: IamRequest, policies: ApplicablePolicies, owner: string): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: accountOf(request.resource, owner) },
        contextVariables: { 'aws:SecureTransport': 'true', ...(request.context as Record<string, string | string[]> | undefined) },
      },
      identityPolicies: policies.identity.map((policy, index) => ({ name: `identity-${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(policies.resource ? { resourcePolicy: policies.resource } : {}),
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`iam-simulate cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult;
}

/** A synthesised stack's policies, resolved to sample ARNs. */
export class StackPolicies {
  constructor(readonly resolver: TemplateResolver) {}

  get account(): string {
    return this.resolver.environment.account;
  }

  roleArn(roleId: string): string {
    return this.resolver.getAtt(roleId, 'Arn');
  }

  /** Every identity policy document of the role: inline, attached AWS::IAM::Policy and customer managed policies. */
  identityPolicies(roleId: string): PolicyDocument[] {
    const role = this.resolver.resource(roleId);
    if (role.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is a ${role.Type}, not a role`);
    if (asList(role.Properties.ManagedPolicyArns as unknown[] | undefined).length > 0) {
      throw new Error(`${roleId} has AWS managed policies, which are not in the template and cannot be evaluated`);
    }
    const inline = asList(role.Properties.Policies as { PolicyDocument: unknown }[] | undefined).map((policy) => policy.PolicyDocument);
    const attached = Object.values(this.resolver.resources)
      .filter((resource) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.Type))
      .filter((resource) =>
        asList(resource.Properties.Roles as unknown[] | undefined).some((ref) => TemplateResolver.referencedId(ref) === roleId),
      )
      .map((resource) => resource.Properties.PolicyDocument);
    return [...inline, ...attached].map((document) => this.resolver.resolve(document) as PolicyDocument);
  }

  /** The resource policy CloudFormation attaches to the resource `logicalId`, if any. */
  resourcePolicy(logicalId: string): PolicyDocument | undefined {
    const resource = this.resolver.resource(logicalId);
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return this.attachedPolicy('AWS::S3::BucketPolicy', 'Bucket', logicalId);
      case 'AWS::SNS::Topic':
        return this.attachedPolicy('AWS::SNS::TopicPolicy', 'Topics', logicalId);
      case 'AWS::SQS::Queue':
        return this.attachedPolicy('AWS::SQS::QueuePolicy', 'Queues', logicalId);
      case 'AWS::KMS::Key':
        return this.resolver.resolve(resource.Properties.KeyPolicy) as PolicyDocument;
      case 'AWS::Lambda::Function':
        return this.lambdaPermissionPolicy(logicalId);
      default:
        return undefined;
    }
  }

  /** The logical id of the role a function runs with. */
  functionRole(functionId: string): string {
    const roleId = TemplateResolver.referencedId(this.resolver.resource(functionId).Properties.Role);
    if (!roleId) throw new Error(`${functionId} has no role from this template`);
    return roleId;
  }

  private attachedPolicy(policyType: string, listProperty: string, logicalId: string): PolicyDocument | undefined {
    const documents = Object.values(this.resolver.resources)
      .filter((resource: TemplateResource) => resource.Type === policyType)
      .filter((policy) =>
        asList(policy.Properties[listProperty] as unknown).some((ref) => TemplateResolver.referencedId(ref) === logicalId),
      )
      .map((policy) => this.resolver.resolve(policy.Properties.PolicyDocument) as PolicyDocument);
    if (documents.length > 1) throw new Error(`${logicalId} has ${documents.length} ${policyType} resources; only one applies`);
    return documents[0];
  }

  /**
   * The function's resource-based policy as Lambda builds it from AWS::Lambda::Permission: one statement per
   * permission, SourceArn as `ArnLike AWS:SourceArn` and SourceAccount as `StringEquals AWS:SourceAccount`.
   * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
   */
  private lambdaPermissionPolicy(functionId: string): PolicyDocument | undefined {
    const functionArn = this.resolver.getAtt(functionId, 'Arn');
    const statements = Object.entries(this.resolver.resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Permission')
      .filter(([, permission]) => TemplateResolver.referencedId(permission.Properties.FunctionName) === functionId)
      .map(([sid, permission]): PolicyStatement => {
        const properties = this.resolver.resolve(permission.Properties) as Record<string, string | undefined>;
        const principal = String(properties.Principal);
        const condition: Record<string, Record<string, string>> = {};
        if (properties.SourceArn) condition.ArnLike = { 'AWS:SourceArn': properties.SourceArn };
        if (properties.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': properties.SourceAccount };
        return {
          Sid: sid,
          Effect: 'Allow',
          Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
          Action: String(properties.Action),
          Resource: functionArn,
          ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
      });
    return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
  }
}
