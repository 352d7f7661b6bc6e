import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledgements';
import { SecureTopic } from './secure-topic';

export interface AlarmNotificationsProps {
  readonly topicName: string;
  /** Only alarms whose names start with this may publish, e.g. `lakeline-dev-` (the monitoring construct's prefix). */
  readonly alarmNamePrefix: string;
  /** Addresses subscribed to the topic (AWS sends each a confirmation mail first); without any, subscribe your own tooling. */
  readonly emails?: readonly string[];
}

/**
 * The SNS topic every Lakeline alarm notifies, optionally mailing an operator. It is encrypted with its own customer
 * managed key, and both the topic policy and the key policy let CloudWatch alarms of this account and Region use them.
 */
export class AlarmNotifications extends Construct {
  readonly topic: SecureTopic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    // Only this stage's alarms in this account and Region, so no other alarm can use CloudWatch as a confused deputy.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
    const fromThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${props.alarmNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };

    // CloudWatch cannot use the AWS managed aws/sns key, whose policy it is not in and which nobody can edit; an
    // encrypted topic that alarms publish to needs a customer managed key whose policy lets CloudWatch generate and
    // decrypt data keys. https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    // https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns
    this.key = new Key(this, 'TopicKey', {
      description: `Encrypts the ${props.topicName} SNS topic; CloudWatch alarms of this account use it to publish`,
      enableKeyRotation: true,
    });
    // A publisher to an encrypted topic needs exactly kms:GenerateDataKey and kms:Decrypt on its key.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#send-to-encrypted-topic
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [cloudWatch],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccountsAlarms,
      }),
    );

    this.topic = new SecureTopic(this, 'Topic', { topicName: props.topicName, displayName: 'Lakeline alarms', masterKey: this.key });
    // SNS gives a new topic a default policy that admits AWS services acting for the topic owner; the topic policy that
    // SecureTopic creates for its TLS-only statement replaces it, so CloudWatch must be allowed here explicitly.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#sns-publish-messages-to-sqs-queue
    // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#sns-allow-cloudwatch-alarm-to-publish-to-topic-in-another-account
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccountsAlarms,
      }),
    );
    for (const address of props.emails ?? []) this.topic.addSubscription(new EmailSubscription(address));
    acknowledgeFinding(
      this.topic,
      'Serverless-SNSRedrivePolicy',
      'Subscribers are operators (e-mail or chat tooling); undeliverable alarm mails need no dead-letter queue because the alarm state stays visible in CloudWatch.',
    );
  }
}
