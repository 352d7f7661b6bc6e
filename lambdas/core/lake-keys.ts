/** Object keys of the lake: identical on S3 and in the local lake directory. */

export const RAW_PREFIX = 'raw';
export const REJECTED_PREFIX = 'rejected';
export const CURATED_PREFIX = 'curated';
export const COMPACTION_REQUESTS_PREFIX = 'compaction-requests';

/** `raw/<dataset>/` — the Glue table location of a dataset. */
export function rawDatasetPrefix(dataset: string): string {
  return `${RAW_PREFIX}/${dataset}/`;
}

/** `rejected/<dataset>/` — where records that failed validation are kept with their reasons. */
export function rejectedDatasetPrefix(dataset: string): string {
  return `${REJECTED_PREFIX}/${dataset}/`;
}

/** `raw/<dataset>/dt=YYYY-MM-DD/<id>.json.gz` */
export function rawObjectKey(dataset: string, dt: string, id: string): string {
  return `${rawDatasetPrefix(dataset)}dt=${dt}/${id}.json.gz`;
}

/** `rejected/<dataset>/dt=YYYY-MM-DD/<id>.json.gz` (dt is the receive date) */
export function rejectedObjectKey(dataset: string, dt: string, id: string): string {
  return `${rejectedDatasetPrefix(dataset)}dt=${dt}/${id}.json.gz`;
}

/** `curated/<dataset>/` — the compacted Parquet days of a dataset. */
export function curatedDatasetPrefix(dataset: string): string {
  return `${CURATED_PREFIX}/${dataset}/`;
}

/**
 * `curated/<dataset>/dt=YYYY-MM-DD/run=<runId>/` — where one compaction run writes a day. Each run writes a fresh
 * prefix, so a reader of the day's current run never sees a later run's files appear or an earlier run's change.
 */
export function curatedRunPrefix(dataset: string, dt: string, runId: string): string {
  return `${curatedDatasetPrefix(dataset)}dt=${dt}/run=${runId}/`;
}

/** `compaction-requests/<dataset>/` — markers of days that received records after they ended. */
export function compactionRequestsPrefix(dataset: string): string {
  return `${COMPACTION_REQUESTS_PREFIX}/${dataset}/`;
}

/**
 * `compaction-requests/<dataset>/dt=YYYY-MM-DD/<id>` — written by the ingest beside a raw object of a day that had
 * already ended when the object was stored: that day must be compacted (again). `id` is the raw object's id, so a
 * marker is never overwritten and the compactor deletes exactly the markers it read before it compacted.
 */
export function compactionRequestKey(dataset: string, dt: string, id: string): string {
  return `${compactionRequestsPrefix(dataset)}dt=${dt}/${id}`;
}

const DAY_FOLDER = /dt=(\d{4}-\d{2}-\d{2})\/$/;

/** The days named by partition folders (`…/dt=YYYY-MM-DD/`), as listed with delimiter `/`; other entries are skipped. */
export function daysOfFolders(prefixes: readonly string[]): string[] {
  return prefixes.flatMap((prefix) => DAY_FOLDER.exec(prefix)?.[1] ?? []);
}
