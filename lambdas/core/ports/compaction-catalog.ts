/**
 * The port that says which days of a dataset are served from the compacted zone, and switches a day to a new run.
 * On AWS it is the Glue table of the compacted days (one partition per day, its location the current run); locally a
 * manifest file in the lake directory. Either way the switch of one day is a single atomic step.
 */

/** The current compacted form of one day. */
export interface CompactedDay {
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** The run that wrote the files; names the prefix `curated/<dataset>/dt=<day>/run=<runId>/`. */
  readonly runId: string;
  /** When the run finished, ISO-8601 UTC. */
  readonly compactedAt: string;
}

/** What the query side needs: which days of a range are compacted. */
export interface CompactedDaysReader {
  /** The compacted days of `dataset` from `from` to `to` (inclusive, `YYYY-MM-DD`), ascending. */
  compactedDays(dataset: string, from: string, to: string): Promise<readonly CompactedDay[]>;
}

export interface CompactionCatalog extends CompactedDaysReader {
  /**
   * Makes `entry` the compacted form of its day in one step, replacing any earlier run: a reader sees the old run or
   * the new one, never neither or both. Call only once every file of the run is completely stored.
   */
  switchDay(dataset: string, entry: CompactedDay): Promise<void>;
}

/** A reader for a lake that has no compacted day (a deployment or test without a compaction catalog). */
export const NO_COMPACTED_DAYS: CompactedDaysReader = { compactedDays: async () => [] };
