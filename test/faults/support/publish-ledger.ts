import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export type PublishOutcome = { readonly messageId: string } | { readonly refused: string };

/** Counts, from the publisher's side, which publishes were acknowledged (with their MessageId) and which were refused. */
export class PublishLedger {
  readonly acknowledged: string[] = [];
  readonly refused = new Map<string, number>();

  get refusedCount(): number {
    return [...this.refused.values()].reduce((sum, count) => sum + count, 0);
  }

  async publish(client: SNSClient, topicArn: string, message: string): Promise<PublishOutcome> {
    try {
      const answer = await client.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
      if (!answer.MessageId) throw new Error('200 without a MessageId');
      this.acknowledged.push(answer.MessageId);
      return { messageId: answer.MessageId };
    } catch (error) {
      const name = error instanceof Error ? error.name : String(error);
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const reason = status === undefined ? name : `${status} ${name}`;
      this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
      return { refused: reason };
    }
  }
}
