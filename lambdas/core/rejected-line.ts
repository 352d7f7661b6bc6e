import type { RejectionReason } from './record-validator';

/** One line of a `rejected/` object: why a record (or a whole unreadable message) was not stored, with its original text. */
export interface RejectedLine {
  /** SNS message id, or the SQS message id when the body was not an SNS envelope. */
  readonly messageId: string;
  /** Index of the record inside its message; null when the whole message could not be read. */
  readonly recordIndex: number | null;
  readonly reasons: readonly RejectionReason[];
  readonly original: string;
  /** When the message was received (SNS publish time), ISO-8601 UTC. */
  readonly receivedAt: string;
}

export function encodeRejectedLine(line: RejectedLine): string {
  return JSON.stringify({
    messageId: line.messageId,
    recordIndex: line.recordIndex,
    reasons: line.reasons.map((reason) => ({ path: reason.path, message: reason.message })),
    original: line.original,
    receivedAt: line.receivedAt,
  });
}
