/**
 * When a records query may be answered from a result Athena stored earlier.
 *
 * Athena reuses the last result of a query with the same text in the same workgroup as long as it is younger than
 * the maximum age asked for, and does not look at the source data until then, so a reused answer can be stale
 * (https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html). Records of today (and of the future
 * days the ingest tolerates) arrive all the time, so a range that reaches today is always run afresh. Days that ended
 * before today only change through late or redriven records, and a reused answer for them is never older than the
 * freshness objective (docs/slo.md).
 */
import type { ResultReuse } from './ports/query-engine';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The freshness objective, 5 minutes (lib/slo.ts `freshness.objectiveSeconds`): no reused answer may be older. */
export const MAX_RESULT_REUSE_MINUTES = 5;

/** Throws unless `minutes` is a whole number from 0 (reuse off) to the freshness objective. */
export function checkResultReuseMaxAge(minutes: number, settingName = 'RESULT_REUSE_MAX_AGE_MINUTES'): void {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_RESULT_REUSE_MINUTES)
    throw new Error(
      `${settingName} must be a whole number of minutes from 0 to ${MAX_RESULT_REUSE_MINUTES} (the freshness objective), got ${minutes}`,
    );
}

/**
 * The reuse allowed for a query over the inclusive partition range `from`..`to` (UTC dates) at `now`: only when the
 * whole range lies in UTC days that ended before today (at least `maxAgeMinutes` ago), and at most `maxAgeMinutes`
 * old; undefined means run afresh.
 */
export function resultReuseFor(
  range: { readonly from: string; readonly to: string },
  now: Date,
  maxAgeMinutes: number,
): ResultReuse | undefined {
  checkResultReuseMaxAge(maxAgeMinutes);
  if (maxAgeMinutes === 0) return undefined;
  // `from` <= `to`, so the range ended when `to` did. Waiting the maximum age past that end means any result young
  // enough to be reused was computed after the range ended, never while its last day was still today.
  const rangeEnd = Date.parse(`${range.to}T00:00:00Z`) + DAY_MS;
  return now.getTime() >= rangeEnd + maxAgeMinutes * MINUTE_MS ? { maxAgeMinutes } : undefined;
}
