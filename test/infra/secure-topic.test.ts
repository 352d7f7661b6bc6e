import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { type CfnKey, Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { SecureTopic } from '../../lib/constructs/secure-topic';
import { applyStageRemovalPolicy } from '../../lib/stage-removal-policy';

function topicStack(): { stack: Stack; key: Key } {
  const stack = new Stack(new App(), 'TopicTest');
  const key = new Key(stack, 'Key');
  new SecureTopic(stack, 'Topic', { topicName: 'lakeline-test', displayName: 'Lakeline test', masterKey: key });
  return { stack, key };
}

describe('SecureTopic', () => {
  it('denies publishing without TLS, for everyone', () => {
    // Act
    const template = Template.fromStack(topicStack().stack);

    // Assert
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('encrypts messages at rest with the given KMS key', () => {
    // Prepare
    const { stack, key } = topicStack();

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'lakeline-test',
      DisplayName: 'Lakeline test',
      KmsMasterKeyId: { 'Fn::GetAtt': [stack.resolve((key.node.defaultChild as CfnKey).logicalId), 'Arn'] },
    });
  });

  it('gets the logical id a plain topic with the same construct id gets, so a deployed topic is not replaced', () => {
    // Prepare
    const plain = new Stack(new App(), 'PlainTopicTest');
    new Topic(plain, 'Topic');

    // Act
    const logicalIds = Object.keys(Template.fromStack(topicStack().stack).findResources('AWS::SNS::Topic'));

    // Assert
    expect(logicalIds).toEqual(Object.keys(Template.fromStack(plain).findResources('AWS::SNS::Topic')));
  });

  it('keeps no removal policy whatever the stage decides: a standard topic stores no messages', () => {
    // Prepare
    const { stack } = topicStack();

    // Act
    applyStageRemovalPolicy(stack, true);

    // Assert
    Template.fromStack(stack).hasResource('AWS::SNS::Topic', { DeletionPolicy: Match.absent(), UpdateReplacePolicy: Match.absent() });
  });
});
