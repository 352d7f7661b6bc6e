import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export type PublishOutcome = { readonly messageId: string } | { readonly refused: string };

/** A moment the endpoint was interrupted (a kill), with the publishes then sent and not yet answered. */
export interface Interruption {
  /** `performance.now()` at the interruption. */
  readonly at: number;
  /** `performance.now()` at which each publish then in flight was sent. */
  readonly inFlightSince: readonly number[];
}

/**
 * Counts, from the publisher's side, which publishes were acknowledged (with their MessageId) and which were refused,
 * and which were in flight whenever the endpoint was interrupted.
 */
export class PublishLedger {
  readonly acknowledged: string[] = [];
  readonly refused = new Map<string, number>();
  readonly interruptions: Interruption[] = [];
  private readonly inFlight = new Set<{ readonly since: number }>();

  get refusedCount(): number {
    return [...this.refused.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Notes an interruption now; call it just before the interruption itself. Answers how many publishes it caught in flight. */
  noteInterruption(): number {
    const inFlightSince = [...this.inFlight].map((request) => request.since);
    this.interruptions.push({ at: performance.now(), inFlightSince });
    return inFlightSince.length;
  }

  async publish(client: SNSClient, topicArn: string, message: string): Promise<PublishOutcome> {
    const request = { since: performance.now() };
    this.inFlight.add(request);
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
    } finally {
      this.inFlight.delete(request);
    }
  }
}
