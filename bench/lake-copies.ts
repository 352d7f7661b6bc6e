/**
 * Counts the records stored in a lake directory and their extra copies by reading the raw objects themselves
 * (gunzip, JSON.parse of every line), not through the query API, which removes copies: a benchmark that claims "no
 * duplicates" must be able to see one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX } from '../lambdas/core/dataset';
import { rawDatasetPrefix } from '../lambdas/core/lake-keys';

export interface LakeCopies {
  /** Lines read (every stored copy). */
  readonly rows: number;
  /** Distinct records: (message id, record index) keys. */
  readonly records: number;
  /** Copies beyond the first of each record: rows - records. */
  readonly extraCopies: number;
  /** Records stored more than once. */
  readonly duplicatedRecords: number;
}

/** The copies among NDJSON lines of the lake contract, keyed by (message id, record index). */
export function countCopies(lines: Iterable<string>): LakeCopies {
  const copies = new Map<string, number>();
  let rows = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    const messageId = row[LINEAGE_MESSAGE_ID];
    const recordIndex = row[LINEAGE_RECORD_INDEX];
    if (typeof messageId !== 'string' || typeof recordIndex !== 'number')
      throw new Error(`a stored row without its lineage (${LINEAGE_MESSAGE_ID}, ${LINEAGE_RECORD_INDEX}): ${line.slice(0, 200)}`);
    const key = JSON.stringify([messageId, recordIndex]);
    copies.set(key, (copies.get(key) ?? 0) + 1);
    rows++;
  }
  let duplicatedRecords = 0;
  for (const count of copies.values()) if (count > 1) duplicatedRecords++;
  return { rows, records: copies.size, extraCopies: rows - copies.size, duplicatedRecords };
}

/** Every line of every gzip NDJSON object of a dataset's raw zone in a lake directory. */
function* rawLines(lakeDir: string, dataset: string): Generator<string> {
  const root = join(lakeDir, rawDatasetPrefix(dataset));
  if (!existsSync(root)) return;
  const names = readdirSync(root, { recursive: true }).map(String);
  for (const name of names.filter((entry) => entry.endsWith('.json.gz')).sort())
    yield* gunzipSync(readFileSync(join(root, name)))
      .toString('utf8')
      .split('\n');
}

/** Counts the records and copies of `dataset` in the raw zone of `lakeDir`. */
export function readLakeCopies(lakeDir: string, dataset: string): LakeCopies {
  return countCopies(rawLines(lakeDir, dataset));
}
