import type { RejectionReason } from './record-validator';
import { escapeLoneSurrogates } from './unicode-text';

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

/**
 * One JSON line that both engines can read: a lone UTF-16 surrogate in any text (possible only when the SQS body spelt
 * one as an escape) is written as the six characters of its escape, which for the JSON text of `original` is the same
 * record (unicode-text.ts).
 */
export function encodeRejectedLine(line: RejectedLine): string {
  return JSON.stringify({
    messageId: escapeLoneSurrogates(line.messageId),
    recordIndex: line.recordIndex,
    reasons: line.reasons.map((reason) => ({ path: escapeLoneSurrogates(reason.path), message: escapeLoneSurrogates(reason.message) })),
    original: escapeLoneSurrogates(line.original),
    receivedAt: escapeLoneSurrogates(line.receivedAt),
  });
}
