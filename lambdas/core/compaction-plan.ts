/**
 * Which days of a dataset a compaction run should compact. A day is closed once `lagHours` have passed since it ended
 * (UTC); records stored for it later leave a compaction request (core/lake-keys.ts), which makes it due again.
 */
import { utcDateOf } from './lake-value-format';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Default of the closing lag: a day is compacted from 03:00 UTC on the day after. */
export const DEFAULT_COMPACTION_LAG_HOURS = 3;

/** Throws unless `lagHours` is a whole number of hours from 0 to 7 days. */
export function checkCompactionLag(lagHours: number): void {
  if (!Number.isInteger(lagHours) || lagHours < 0 || lagHours > 168)
    throw new Error(`the compaction lag must be a whole number of hours from 0 to 168, got ${lagHours}`);
}

/** Whether `day` (`YYYY-MM-DD`) ended at least `lagHours` before `now`. */
export function isClosedDay(day: string, now: Date, lagHours: number): boolean {
  return now.getTime() >= Date.parse(`${day}T00:00:00Z`) + DAY_MS + lagHours * HOUR_MS;
}

export interface CompactionInputs {
  /** Days that have raw objects. */
  readonly rawDays: readonly string[];
  /** Days whose compacted form is current. */
  readonly compactedDays: readonly string[];
  /** Days with at least one compaction request (records stored after the day ended). */
  readonly requestedDays: readonly string[];
  readonly now: Date;
  readonly lagHours: number;
}

/** The closed days that were never compacted or were asked to be compacted again, ascending. */
export function daysToCompact(inputs: CompactionInputs): readonly string[] {
  const compacted = new Set(inputs.compactedDays);
  const due = new Set<string>();
  for (const day of inputs.rawDays) if (!compacted.has(day)) due.add(day);
  for (const day of inputs.requestedDays) due.add(day);
  return [...due].filter((day) => isClosedDay(day, inputs.now, inputs.lagHours)).sort();
}

/** Whether a raw object of `day` stored at `storedAt` must leave a compaction request: its day had already ended. */
export function needsCompactionRequest(day: string, storedAt: Date): boolean {
  return day < utcDateOf(storedAt);
}
