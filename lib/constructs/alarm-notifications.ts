import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledgements';

export interface AlarmNotificationsProps {
  readonly topicName: string;
  /** Address subscribed to the topic (AWS sends a confirmation mail first). */
  readonly email: string;
  /** Alarms whose ALARM and OK transitions are sent to the address. */
  readonly alarms: readonly Alarm[];
}

/** An SNS topic that mails alarm state changes to an operator. */
export class AlarmNotifications extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { topicName: props.topicName, displayName: 'Lakeline alarms', enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    const action = new SnsAction(this.topic);
    for (const alarm of props.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    acknowledgeFinding(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarm actions cannot publish to a topic encrypted with the AWS managed aws/sns key; the topic carries alarm state changes only, no lake data.',
    );
    acknowledgeFinding(
      this.topic,
      'Serverless-SNSRedrivePolicy',
      'The only subscription is the operator e-mail; undeliverable alarm mails need no dead-letter queue because the alarm state stays visible in CloudWatch.',
    );
  }
}
