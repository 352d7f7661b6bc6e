import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledgements';

export interface AlarmNotificationsProps {
  readonly topicName: string;
  /** Address subscribed to the topic (AWS sends a confirmation mail first); without it, subscribe your own tooling. */
  readonly email?: string;
}

/** The SNS topic every Lakeline alarm notifies, optionally mailing an operator. */
export class AlarmNotifications extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { topicName: props.topicName, displayName: 'Lakeline alarms', enforceSSL: true });
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
    acknowledgeFinding(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarm actions cannot publish to a topic encrypted with the AWS managed aws/sns key; the topic carries alarm state changes only, no lake data.',
    );
    acknowledgeFinding(
      this.topic,
      'Serverless-SNSRedrivePolicy',
      'Subscribers are operators (e-mail or chat tooling); undeliverable alarm mails need no dead-letter queue because the alarm state stays visible in CloudWatch.',
    );
  }
}
