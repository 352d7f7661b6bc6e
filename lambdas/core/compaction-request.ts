/**
 * The compaction request a stored raw object leaves when its day had already ended: the day was maybe compacted
 * without it, so it must be compacted again (core/lake-keys.ts, core/compaction-plan.ts).
 */
import { needsCompactionRequest } from './compaction-plan';
import type { PlannedObject } from './ingest-batch';
import { compactionRequestKey, rawDatasetPrefix, rawObjectKey } from './lake-keys';

const RAW_OBJECT_SUFFIX = '.json.gz';

/** The id of a raw object of `dataset`, the last part of its key without the suffix. */
export function rawObjectIdOf(dataset: string, object: PlannedObject): string {
  const folder = `${rawDatasetPrefix(dataset)}dt=${object.dt}/`;
  const id = object.key.slice(folder.length, object.key.length - RAW_OBJECT_SUFFIX.length);
  if (id.length === 0 || id.includes('/') || rawObjectKey(dataset, object.dt, id) !== object.key)
    throw new Error(`"${object.key}" is not a raw object key of ${dataset} for ${object.dt}`);
  return id;
}

/**
 * The key of the compaction request for `object`, stored at `storedAt`, or undefined when none is due: rejected
 * objects are not compacted, and a day that had not ended is compacted later anyway. `storedAt` must be read once the
 * object is stored: a compaction that started before then may have missed it.
 */
export function compactionRequestFor(dataset: string, object: PlannedObject, storedAt: Date): string | undefined {
  if (object.kind !== 'raw' || !needsCompactionRequest(object.dt, storedAt)) return undefined;
  return compactionRequestKey(dataset, object.dt, rawObjectIdOf(dataset, object));
}
