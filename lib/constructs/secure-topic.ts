import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export interface SecureTopicProps {
  /** Physical topic name. */
  readonly topicName: string;
  /** Name shown as the sender of e-mail and SMS notifications. */
  readonly displayName: string;
  /** KMS key that encrypts messages at rest; every publisher needs kms:GenerateDataKey and kms:Decrypt on it. */
  readonly masterKey: IKey;
}

/**
 * An SNS topic with the settings every Lakeline topic shares: messages encrypted at rest with a KMS key, and a topic
 * policy that denies publishing without TLS. It is the topic itself (not a wrapper), so its logical id is the one a
 * plain `Topic` with the same id gets.
 */
export class SecureTopic extends Topic {
  constructor(scope: Construct, id: string, props: SecureTopicProps) {
    super(scope, id, {
      topicName: props.topicName,
      displayName: props.displayName,
      // https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
      masterKey: props.masterKey,
      // Denies sns:Publish with aws:SecureTransport false.
      // https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
      enforceSSL: true,
    });
  }
}
