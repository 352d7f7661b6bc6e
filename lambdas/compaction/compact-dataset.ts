/**
 * One compaction run over one dataset, the same on AWS and locally: find the closed days that were never compacted or
 * received records after they ended, write each to a fresh run prefix, switch the day to it in one catalog step, then
 * drop the compaction requests read before the write and the runs no reader can still be using.
 *
 * Running it twice gives the same answer: the second run finds nothing due, or (with `day`) writes the same rows to a
 * new run. A crash leaves at worst an unswitched run prefix, which the day's next run deletes.
 */
import { daysToCompact, isClosedDay } from '../core/compaction-plan';
import type { DatasetDefinition } from '../core/dataset';
import { compactionRequestsPrefix, curatedDatasetPrefix, curatedRunPrefix, daysOfFolders, rawDatasetPrefix } from '../core/lake-keys';
import type { CompactionCatalog } from '../core/ports/compaction-catalog';
import type { CompactionWriter } from '../core/ports/compaction-writer';
import type { LakeListing } from '../core/ports/lake-listing';

export interface CompactionPorts {
  readonly listing: LakeListing;
  readonly catalog: CompactionCatalog;
  readonly writer: CompactionWriter;
  readonly now: () => Date;
  /** A run id unique to this run, safe in an object key (e.g. `20260102T031500Z-1a2b3c`). */
  readonly newRunId: () => string;
}

export interface CompactionOptions {
  /** Hours after its end before a day is closed. */
  readonly lagHours: number;
  /** Compact only this day (again, if it already is), which must be closed. */
  readonly day?: string;
  /**
   * Called for a day that could not be compacted; the run then goes on with the next day (that day stays answered
   * from raw). Absent: the first failure ends the run and is thrown.
   */
  readonly onDayFailed?: (day: string, error: unknown) => void;
}

export interface CompactedDayReport {
  readonly day: string;
  readonly runId: string;
  readonly rows?: number;
  /** The run this one replaced, when the day was compacted before. */
  readonly replacedRunId?: string;
  /** Compaction requests (records stored after the day ended) this run answered. */
  readonly requests: number;
}

const RUN_FOLDER = /run=([^/]+)\/$/;
const REQUEST_KEY = /\/dt=(\d{4}-\d{2}-\d{2})\/[^/]+$/;

/** Thrown for a `day` that cannot be compacted now; its message says why. */
export class DayNotClosedError extends Error {
  constructor(day: string, lagHours: number) {
    super(`${day} is not closed yet: a day is compacted from ${lagHours} h after it ends (UTC)`);
    this.name = 'DayNotClosedError';
  }
}

async function requestKeysByDay(listing: LakeListing, dataset: DatasetDefinition): Promise<Map<string, string[]>> {
  const byDay = new Map<string, string[]>();
  for (const key of await listing.listKeys(compactionRequestsPrefix(dataset.name))) {
    const day = REQUEST_KEY.exec(key)?.[1];
    if (day === undefined) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), key]);
  }
  return byDay;
}

/** Deletes every run of `day` except the current one and the one it replaced (a query may still be reading that). */
async function removeStaleRuns(ports: CompactionPorts, dataset: DatasetDefinition, day: string, keep: readonly string[]): Promise<void> {
  const runs = await ports.listing.listPrefixes(`${curatedDatasetPrefix(dataset.name)}dt=${day}/`);
  for (const run of runs) {
    const runId = RUN_FOLDER.exec(run)?.[1];
    if (runId === undefined || keep.includes(runId)) continue;
    await ports.listing.deleteKeys(await ports.listing.listKeys(run));
  }
}

interface LakeState {
  /** Compaction request keys by day, read before any raw file is. */
  readonly requests: ReadonlyMap<string, readonly string[]>;
  /** The current run of each compacted day. */
  readonly current: ReadonlyMap<string, string>;
}

async function readState(ports: CompactionPorts, dataset: DatasetDefinition): Promise<LakeState> {
  const requests = await requestKeysByDay(ports.listing, dataset);
  const compacted = await ports.catalog.compactedDays(dataset.name, '0000-01-01', '9999-12-31');
  return { requests, current: new Map(compacted.map((entry) => [entry.day, entry.runId])) };
}

async function planDays(ports: CompactionPorts, dataset: DatasetDefinition, state: LakeState, lagHours: number, now: Date) {
  return daysToCompact({
    rawDays: daysOfFolders(await ports.listing.listPrefixes(rawDatasetPrefix(dataset.name))),
    compactedDays: [...state.current.keys()],
    requestedDays: [...state.requests.keys()],
    now,
    lagHours,
  });
}

export async function compactDataset(
  ports: CompactionPorts,
  dataset: DatasetDefinition,
  options: CompactionOptions,
): Promise<readonly CompactedDayReport[]> {
  const now = ports.now();
  const state = await readState(ports, dataset);
  const { requests, current } = state;
  let due: readonly string[];
  if (options.day !== undefined) {
    if (!isClosedDay(options.day, now, options.lagHours)) throw new DayNotClosedError(options.day, options.lagHours);
    due = [options.day];
  } else {
    due = await planDays(ports, dataset, state, options.lagHours, now);
  }
  const reports: CompactedDayReport[] = [];
  for (const day of due) {
    try {
      reports.push(await compactDay(ports, dataset, day, requests.get(day) ?? [], current.get(day)));
    } catch (error) {
      if (!options.onDayFailed) throw error;
      options.onDayFailed(day, error);
    }
  }
  return reports;
}

/** Writes `day` to a new run, switches the day to it, then drops the requests it answered and the stale runs. */
async function compactDay(
  ports: CompactionPorts,
  dataset: DatasetDefinition,
  day: string,
  // Requests are read before the raw files are: one stored after this point stays for the next run.
  answered: readonly string[],
  replacedRunId: string | undefined,
): Promise<CompactedDayReport> {
  const runId = ports.newRunId();
  const { rows } = await ports.writer.writeDay(dataset, day, curatedRunPrefix(dataset.name, day, runId));
  await ports.catalog.switchDay(dataset.name, { day, runId, compactedAt: ports.now().toISOString() });
  await ports.listing.deleteKeys(answered);
  await removeStaleRuns(ports, dataset, day, replacedRunId === undefined ? [runId] : [runId, replacedRunId]);
  return {
    day,
    runId,
    ...(rows === undefined ? {} : { rows }),
    ...(replacedRunId === undefined ? {} : { replacedRunId }),
    requests: answered.length,
  };
}
