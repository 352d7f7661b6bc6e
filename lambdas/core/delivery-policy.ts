/**
 * How often a message is delivered to the ingest before it is set aside as a dead letter: the SQS redrive policy's
 * `maxReceiveCount` on AWS and the local queue's limit in local mode.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export const MAX_RECEIVE_COUNT = 5;
