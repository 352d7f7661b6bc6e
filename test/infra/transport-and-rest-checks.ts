/** Template checks that every bucket, topic and queue refuses plain HTTP and encrypts at rest, for the security tests. */
import { asList, type PolicyStatement, type TemplateResource } from './policy-statements';

type Resources = Record<string, TemplateResource>;

/** Where each resource type's policy is attached, and the policy property that lists its targets. */
const RESOURCE_POLICIES: Readonly<Record<string, { policyType: string; targets: string }>> = {
  'AWS::S3::Bucket': { policyType: 'AWS::S3::BucketPolicy', targets: 'Bucket' },
  'AWS::SNS::Topic': { policyType: 'AWS::SNS::TopicPolicy', targets: 'Topics' },
  'AWS::SQS::Queue': { policyType: 'AWS::SQS::QueuePolicy', targets: 'Queues' },
};

export function logicalIdsOf(resources: Resources, type: string): string[] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) => logicalId);
}

/** A Deny for everyone when aws:SecureTransport is false, the statement the TLS-only policies consist of. */
export function deniesInsecureTransport(statements: readonly PolicyStatement[]): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Deny' &&
      ['*', { AWS: '*' }].some((principal) => JSON.stringify(principal) === JSON.stringify(statement.Principal)) &&
      String(statement.Condition?.Bool?.['aws:SecureTransport']) === 'false',
  );
}

function policyStatementsFor(resources: Resources, policyType: string, listProperty: string, target: string): PolicyStatement[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === policyType)
    .filter((policy) => asList(policy.Properties[listProperty] as unknown).some((ref) => JSON.stringify(ref).includes(`"${target}"`)))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
}

/** Logical ids of the buckets, topics and queues whose resource policy does not deny requests without TLS. */
export function withoutTlsDeny(resources: Resources): string[] {
  return Object.entries(RESOURCE_POLICIES).flatMap(([type, { policyType, targets }]) =>
    logicalIdsOf(resources, type).filter((id) => !deniesInsecureTransport(policyStatementsFor(resources, policyType, targets, id))),
  );
}

/** Logical ids of the topics without a KMS key and the queues with neither SSE-SQS nor a KMS key. */
export function unencryptedAtRest(resources: Resources): string[] {
  const topics = logicalIdsOf(resources, 'AWS::SNS::Topic').filter((id) => resources[id]?.Properties?.KmsMasterKeyId === undefined);
  const queues = logicalIdsOf(resources, 'AWS::SQS::Queue').filter((id) => {
    const properties = resources[id]?.Properties ?? {};
    return properties.SqsManagedSseEnabled !== true && properties.KmsMasterKeyId === undefined;
  });
  return [...topics, ...queues];
}
