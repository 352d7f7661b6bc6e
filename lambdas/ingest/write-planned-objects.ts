import type { PlannedObject } from '../core/ingest-batch';
import { GZIP_CONTENT_ENCODING, NDJSON_CONTENT_TYPE } from '../core/ndjson-encoder';
import type { ObjectStore } from '../core/ports/object-store';

export interface ObjectWriteOutcome {
  readonly object: PlannedObject;
  /** Undefined when the object was written. */
  readonly error?: unknown;
}

/** Writes every planned object, at most `concurrency` at a time; one failure never stops the others. */
export async function writePlannedObjects(
  store: ObjectStore,
  objects: readonly PlannedObject[],
  concurrency = 8,
): Promise<ObjectWriteOutcome[]> {
  const outcomes: ObjectWriteOutcome[] = new Array(objects.length);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const index = next++;
      const object = objects[index] as PlannedObject;
      try {
        await store.putObject({
          key: object.key,
          body: object.body,
          contentType: NDJSON_CONTENT_TYPE,
          contentEncoding: GZIP_CONTENT_ENCODING,
        });
        outcomes[index] = { object };
      } catch (error) {
        outcomes[index] = { object, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, objects.length) }, worker));
  return outcomes;
}

/** The batch item failures: every SQS message with a record in an object that could not be written, each once. */
export function failedSqsMessageIds(outcomes: readonly ObjectWriteOutcome[]): string[] {
  const failed = new Set<string>();
  for (const outcome of outcomes) if (outcome.error !== undefined) for (const id of outcome.object.sqsMessageIds) failed.add(id);
  return [...failed];
}
