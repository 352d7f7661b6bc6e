import { RemovalPolicies } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * CloudFormation types of the resources that hold the stage's data or what reading it back needs (its logs, the keys
 * that encrypt it, the catalog and workgroup over it): the stage decides whether they outlive the stack.
 */
export const STAGE_DATA_RESOURCE_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::Glue::Database',
  'AWS::Glue::Table',
  'AWS::Athena::WorkGroup',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
];

/**
 * The stage's one removal decision, applied to every data resource under `scope`: retained (prod) or deleted with the
 * stack (dev). It sets both DeletionPolicy and UpdateReplacePolicy, so a replacement does not drop the old resource's
 * data either. Other resources keep their own policy.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
 */
export function applyStageRemovalPolicy(scope: IConstruct, retain: boolean): void {
  const policies = RemovalPolicies.of(scope);
  const dataResources = { applyToResourceTypes: [...STAGE_DATA_RESOURCE_TYPES] };
  if (retain) policies.retain(dataResources);
  else policies.destroy(dataResources);
}
