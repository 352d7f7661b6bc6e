import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on `scope` (and only below it). The reason is prefixed with the construct path
 * so the audit trail in the validation report names the resource it is about.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason: `${scope.node.path}: ${reason}` });
}

/** The finding id cdk-nag gives an IAM resource entry `<bucket>/<pattern>` of `bucket` (its logical id, resolved). */
export function bucketObjectsFinding(bucket: Bucket, pattern: string): string {
  const stack = Stack.of(bucket);
  const logicalId: string = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${pattern}]`;
}

/** The finding id cdk-nag gives the IAM resource entry `<function>:*` (every version and alias of one function). */
export function functionQualifiersFinding(fn: IConstruct): string {
  const stack = Stack.of(fn);
  const logicalId: string = stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement));
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`;
}

export const XRAY_WILDCARD_REASON =
  'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so active tracing needs Resource "*" (the only "*" in the role).';

export const RUNTIME_REASON =
  'Node.js 22 is pinned on purpose: the bundle is built with esbuild target node22 and the handlers are tested on Node 20/22; nodejs22.x is supported by Lambda until 2027-04-30, moving to nodejs24.x is a reviewed change.';
