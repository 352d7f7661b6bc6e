import type { PlannedObject } from '../core/ingest-batch';
import { GZIP_CONTENT_ENCODING, NDJSON_CONTENT_TYPE } from '../core/ndjson-encoder';
import type { ObjectStore } from '../core/ports/object-store';

/** A compaction request is an empty object: its key says everything (core/lake-keys.ts). */
const EMPTY_BODY = new Uint8Array(0);
const REQUEST_CONTENT_TYPE = 'application/octet-stream';

export interface ObjectWriteOutcome {
  readonly object: PlannedObject;
  /** Undefined when the object was written. */
  readonly error?: unknown;
  /** The compaction request due beside the written object, when its day had already ended. */
  readonly request?: { readonly key: string; readonly error?: unknown };
}

/** Runs `task` on every item, at most `concurrency` at a time, answering in the items' order. */
async function eachLimited<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Writes every planned object, at most `concurrency` at a time; one failure never stops the others. */
export async function writePlannedObjects(
  store: ObjectStore,
  objects: readonly PlannedObject[],
  concurrency = 8,
): Promise<ObjectWriteOutcome[]> {
  return eachLimited(objects, concurrency, async (object): Promise<ObjectWriteOutcome> => {
    try {
      await store.putObject({
        key: object.key,
        body: object.body,
        contentType: NDJSON_CONTENT_TYPE,
        contentEncoding: GZIP_CONTENT_ENCODING,
      });
      return { object };
    } catch (error) {
      return { object, error };
    }
  });
}

/**
 * Puts the compaction request of each written object that `requestKeyOf` says needs one. Runs after the objects are
 * stored, so a compaction that read the requests before one of them still finds it on its next run.
 */
export async function writeCompactionRequests(
  store: ObjectStore,
  outcomes: readonly ObjectWriteOutcome[],
  requestKeyOf: (object: PlannedObject) => string | undefined,
  concurrency = 8,
): Promise<ObjectWriteOutcome[]> {
  return eachLimited(outcomes, concurrency, async (outcome): Promise<ObjectWriteOutcome> => {
    const key = outcome.error === undefined ? requestKeyOf(outcome.object) : undefined;
    if (key === undefined) return outcome;
    try {
      await store.putObject({ key, body: EMPTY_BODY, contentType: REQUEST_CONTENT_TYPE });
      return { ...outcome, request: { key } };
    } catch (error) {
      return { ...outcome, request: { key, error } };
    }
  });
}

/** Whether the object, and its compaction request when one was due, are stored. */
export function isStored(outcome: ObjectWriteOutcome): boolean {
  return outcome.error === undefined && outcome.request?.error === undefined;
}

/** The batch item failures: every SQS message with a record in an object not completely stored, each once. */
export function failedSqsMessageIds(outcomes: readonly ObjectWriteOutcome[]): string[] {
  const failed = new Set<string>();
  for (const outcome of outcomes) if (!isStored(outcome)) for (const id of outcome.object.sqsMessageIds) failed.add(id);
  return [...failed];
}
