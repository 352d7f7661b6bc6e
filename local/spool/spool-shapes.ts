import type { PendingMessage, SpooledMessage } from './spooled-message';

/** A segment line: an accepted message, with the failed deliveries a compaction carried over. */
export interface SegmentLine {
  readonly m: SpooledMessage;
  readonly f?: number;
}

/** A journal line: the outcome of one finished batch. */
export interface JournalLine {
  readonly batch: number;
  readonly stored: readonly string[];
  readonly failed: readonly string[];
  readonly deadLettered: readonly string[];
}

/** A batch whose membership was fixed on disk before it was handed to the ingest handler. */
export interface BatchManifest {
  readonly sequence: number;
  readonly messages: readonly PendingMessage[];
}

/** Where each kind of line starts, to find a whole line glued onto a torn one. */
export const SEGMENT_LINE_START = '{"m":';
export const JOURNAL_LINE_START = '{"batch":';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

export function isSpooledMessage(value: unknown): value is SpooledMessage {
  return isObject(value) && isString(value.messageId) && isString(value.topicArn) && isString(value.message) && isString(value.timestamp);
}

export function isSegmentLine(value: unknown): value is SegmentLine {
  return isObject(value) && isSpooledMessage(value.m) && (value.f === undefined || isCount(value.f));
}

export function isJournalLine(value: unknown): value is JournalLine {
  return isObject(value) && isCount(value.batch) && isStrings(value.stored) && isStrings(value.failed) && isStrings(value.deadLettered);
}

export function isBatchManifest(value: unknown): value is BatchManifest {
  return (
    isObject(value) &&
    isCount(value.sequence) &&
    Array.isArray(value.messages) &&
    value.messages.every((entry: unknown) => isObject(entry) && isSpooledMessage(entry.message) && isCount(entry.failedReceives))
  );
}
