import type { QueuedMessage, SpooledMessage } from './spooled-message';

/** A segment line: an accepted message, with the receive count a compaction carried over. */
export interface SegmentLine {
  readonly m: SpooledMessage;
  readonly f?: number;
}

/** A journal line: the outcome of one finished batch, with the receive count of each failed message. */
export interface JournalLine {
  readonly batch: number;
  readonly stored: readonly string[];
  readonly failed: readonly string[];
  readonly deadLettered: readonly string[];
  /** `receiveCounts[i]` belongs to `failed[i]`; absent on lines written before the counts were journalled. */
  readonly receiveCounts?: readonly number[];
}

/** A batch whose membership, and each message's receive count for this delivery, was fixed on disk before delivery. */
export interface BatchManifest {
  readonly sequence: number;
  readonly messages: readonly QueuedMessage[];
}

/** Where each kind of line starts, to find a whole line glued onto a torn one. */
export const SEGMENT_LINE_START = '{"m":';
export const JOURNAL_LINE_START = '{"batch":';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isCounts = (value: unknown): value is number[] => Array.isArray(value) && value.every(isCount);

export function isSpooledMessage(value: unknown): value is SpooledMessage {
  return isObject(value) && isString(value.messageId) && isString(value.topicArn) && isString(value.message) && isString(value.timestamp);
}

export function isSegmentLine(value: unknown): value is SegmentLine {
  return isObject(value) && isSpooledMessage(value.m) && (value.f === undefined || isCount(value.f));
}

export function isJournalLine(value: unknown): value is JournalLine {
  return (
    isObject(value) &&
    isCount(value.batch) &&
    isStrings(value.stored) &&
    isStrings(value.failed) &&
    isStrings(value.deadLettered) &&
    (value.receiveCounts === undefined || (isCounts(value.receiveCounts) && value.receiveCounts.length === value.failed.length))
  );
}

/**
 * A manifest as written, or undefined. Manifests written before receive counts were kept per delivery name the count
 * `failedReceives`; it is read as the receive count recorded for the message.
 */
export function batchManifestOf(value: unknown): BatchManifest | undefined {
  if (!isObject(value) || !isCount(value.sequence) || !Array.isArray(value.messages)) return undefined;
  const messages: QueuedMessage[] = [];
  for (const entry of value.messages as unknown[]) {
    if (!isObject(entry) || !isSpooledMessage(entry.message)) return undefined;
    const receiveCount = entry.receiveCount ?? entry.failedReceives;
    if (!isCount(receiveCount)) return undefined;
    messages.push({ message: entry.message, receiveCount });
  }
  return { sequence: value.sequence, messages };
}
