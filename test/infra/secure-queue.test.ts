import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { MAX_RECEIVE_COUNT } from '../../lambdas/core/delivery-policy';
import { SecureQueue, type SecureQueueProps } from '../../lib/constructs/secure-queue';
import { applyStageRemovalPolicy } from '../../lib/stage-removal-policy';

function queueTemplate(props: Partial<SecureQueueProps> = {}, stage?: { retain: boolean }): Template {
  const stack = new Stack(new App(), 'QueueTest');
  new SecureQueue(stack, 'Queue', { queueName: 'lakeline-test', ...props });
  if (stage) applyStageRemovalPolicy(stack, stage.retain);
  return Template.fromStack(stack);
}

describe('SecureQueue', () => {
  it('denies every request that does not use TLS, for everyone', () => {
    // Act
    const template = queueTemplate();

    // Assert
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('encrypts messages at rest with SQS-managed keys', () => {
    queueTemplate().hasResourceProperties('AWS::SQS::Queue', { QueueName: 'lakeline-test', SqsManagedSseEnabled: true });
  });

  it('keeps messages 4 days unless told otherwise', () => {
    // Act
    const byDefault = queueTemplate();
    const twoWeeks = queueTemplate({ retentionPeriod: Duration.days(14) });

    // Assert
    byDefault.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 4 * 24 * 3600 });
    twoWeeks.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('moves a message to its dead-letter queue after the shared receive count', () => {
    // Prepare
    const stack = new Stack(new App(), 'QueueTest');
    const deadLetterQueue = new SecureQueue(stack, 'DeadLetterQueue', { queueName: 'lakeline-test-dlq' });

    // Act
    new SecureQueue(stack, 'Queue', { queueName: 'lakeline-test', deadLetterQueue });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'lakeline-test',
      RedrivePolicy: {
        maxReceiveCount: MAX_RECEIVE_COUNT,
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'Arn'] },
      },
    });
  });

  it('has no redrive policy without a dead-letter queue', () => {
    queueTemplate().hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.absent() });
  });

  it('gets the logical id a plain queue with the same construct id gets, so a deployed queue is not replaced', () => {
    // Prepare
    const plain = new Stack(new App(), 'PlainQueueTest');
    new Queue(plain, 'Queue');

    // Act
    const logicalIds = Object.keys(queueTemplate().findResources('AWS::SQS::Queue'));

    // Assert
    expect(logicalIds).toEqual(Object.keys(Template.fromStack(plain).findResources('AWS::SQS::Queue')));
  });

  it('is retained on stack deletion unless the stage deletes its data', () => {
    // Act
    const standalone = queueTemplate();
    const prod = queueTemplate({}, { retain: true });
    const dev = queueTemplate({}, { retain: false });

    // Assert
    standalone.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prod.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    dev.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});
