/** A message as the local SNS endpoint accepted it: what the SQS subscription would carry in its SNS envelope. */
export interface SpooledMessage {
  /** SNS message id (UUID) returned to the publisher. */
  readonly messageId: string;
  readonly topicArn: string;
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes?: Readonly<Record<string, { readonly type: string; readonly value: string }>>;
  /** ISO-8601 publish time. */
  readonly timestamp: string;
}

/**
 * A spooled message as the local queue holds it, with its receive count: how often it has been received (handed to the
 * ingest) so far. Waiting messages carry the receives already made; a delivery carries the count of that very receive.
 */
export interface QueuedMessage {
  readonly message: SpooledMessage;
  readonly receiveCount: number;
}
