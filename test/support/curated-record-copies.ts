import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { curatedDatasetPrefix, curatedRunPrefix } from '../../lambdas/core/lake-keys';
import { quoteString } from '../../lambdas/core/sql-text';

/** The manifest's current run of each compacted day of `dataset`, read as JSON here, apart from the catalog's code. */
export async function manifestRuns(lakeDir: string, dataset: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(join(lakeDir, curatedDatasetPrefix(dataset), '_manifest.json'), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return new Map();
    throw error;
  }
  const { days } = JSON.parse(text) as { days: Record<string, { runId: string }> };
  return new Map(Object.entries(days).map(([day, entry]) => [day, entry.runId]));
}

/**
 * How many times each record is in the current runs of the compacted days, keyed `<lakeline_message_id>/<lakeline_record_index>`,
 * and the day each was found on: every Parquet file of each current run read by a DuckDB database of its own.
 */
export async function curatedRecordCopies(
  lakeDir: string,
  dataset: string,
): Promise<{ copies: Map<string, number>; dayOf: Map<string, string> }> {
  const copies = new Map<string, number>();
  const dayOf = new Map<string, string>();
  const runs = await manifestRuns(lakeDir, dataset);
  if (runs.size === 0) return { copies, dayOf };
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [day, runId] of runs) {
      const files = quoteString(join(lakeDir, curatedRunPrefix(dataset, day, runId), '*.parquet'));
      const reader = await connection.runAndReadAll(`SELECT lakeline_message_id, lakeline_record_index FROM read_parquet(${files})`);
      for (const [messageId, recordIndex] of reader.getRowsJS()) {
        const key = `${String(messageId)}/${String(recordIndex)}`;
        copies.set(key, (copies.get(key) ?? 0) + 1);
        dayOf.set(key, day);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { copies, dayOf };
}
