/** Object keys of the lake: identical on S3 and in the local lake directory. */

export const RAW_PREFIX = 'raw';
export const REJECTED_PREFIX = 'rejected';

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
