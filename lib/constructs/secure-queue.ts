import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '../../lambdas/core/delivery-policy';

export interface SecureQueueProps {
  /** Physical queue name. */
  readonly queueName: string;
  /** How long SQS keeps a message that nobody deletes (1 minute to 14 days). @default 4 days, SQS's own default */
  readonly retentionPeriod?: Duration;
  /** How long a received message stays hidden from other consumers. @default 30 s, SQS's own default */
  readonly visibilityTimeout?: Duration;
  /** Where a message goes after `maxReceiveCount` receives; omit only for a dead-letter queue itself. */
  readonly deadLetterQueue?: IQueue;
  /** Receives before a message moves to `deadLetterQueue`. @default MAX_RECEIVE_COUNT, as the local queue */
  readonly maxReceiveCount?: number;
}

/**
 * An SQS queue with the settings every Lakeline queue shares: SSE-SQS encryption at rest, a queue policy that denies
 * any request without TLS, an explicit retention period, and a redrive policy when it has a dead-letter queue.
 * It is the queue itself (not a wrapper), so its logical id is the one a plain `Queue` with the same id gets.
 */
export class SecureQueue extends Queue {
  constructor(scope: Construct, id: string, props: SecureQueueProps) {
    super(scope, id, {
      queueName: props.queueName,
      // SQS-managed keys: encrypted at rest with no key policy for SNS or the consumer to be granted.
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
      encryption: QueueEncryption.SQS_MANAGED,
      // Denies every request with aws:SecureTransport false.
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html#enforce-encryption-data-in-transit
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      visibilityTimeout: props.visibilityTimeout,
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
      deadLetterQueue: props.deadLetterQueue && {
        queue: props.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVE_COUNT,
      },
      // Messages are data: kept unless the stage's removal policy (lib/stage-removal-policy.ts) says otherwise.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
