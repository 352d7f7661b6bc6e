import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnDatabase } from 'aws-cdk-lib/aws-glue';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { SecureBucket } from '../../lib/constructs/secure-bucket';
import { SecureQueue } from '../../lib/constructs/secure-queue';
import { applyStageRemovalPolicy } from '../../lib/stage-removal-policy';

/** One resource of several data types and an always-retained role, under the stage's removal policy. */
function stageTemplate(retain: boolean): Template {
  const stack = new Stack(new App(), 'StageTest');
  new SecureBucket(stack, 'Bucket', { versioned: false });
  new SecureQueue(stack, 'Queue', { queueName: 'q' });
  new LogGroup(stack, 'Logs');
  new Key(stack, 'Key');
  new CfnDatabase(stack, 'Database', { catalogId: '123456789012', databaseInput: { name: 'lakeline_test' } });
  new Role(stack, 'AccountRole', { assumedBy: new ServicePrincipal('apigateway.amazonaws.com') }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  applyStageRemovalPolicy(stack, retain);
  return Template.fromStack(stack);
}

function policiesByType(template: Template): Record<string, string[]> {
  const byType: Record<string, string[]> = {};
  for (const resource of Object.values(
    template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>,
  )) {
    byType[resource.Type] = [...(byType[resource.Type] ?? []), `${resource.DeletionPolicy}/${resource.UpdateReplacePolicy}`];
  }
  return byType;
}

describe('the stage removal policy', () => {
  it('retains every data resource, on deletion and on replacement, when the stage keeps its data', () => {
    // Act
    const policies = policiesByType(stageTemplate(true));

    // Assert
    for (const type of ['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::Glue::Database']) {
      expect({ type, policies: policies[type] }).toEqual({ type, policies: ['Retain/Retain'] });
    }
  });

  it('deletes every data resource with the stack when the stage does not keep its data', () => {
    // Act
    const policies = policiesByType(stageTemplate(false));

    // Assert
    for (const type of ['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::Glue::Database']) {
      expect({ type, policies: policies[type] }).toEqual({ type, policies: ['Delete/Delete'] });
    }
  });

  it('leaves the policy of other resources as their construct set it', () => {
    // Act
    const policies = policiesByType(stageTemplate(false));

    // Assert
    expect(policies['AWS::IAM::Role']).toEqual(['Retain/Retain']);
    expect(policies['AWS::SQS::QueuePolicy']).toEqual(['undefined/undefined']);
  });
});
