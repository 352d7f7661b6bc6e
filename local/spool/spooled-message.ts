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

/** A spooled message waiting for delivery, with the number of deliveries that already failed. */
export interface PendingMessage {
  readonly message: SpooledMessage;
  readonly failedReceives: number;
}
