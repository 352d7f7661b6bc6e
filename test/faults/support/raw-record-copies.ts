import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * How many times each record is in the lake's raw zone, keyed `<lakeline_message_id>/<lakeline_record_index>`: every
 * object under `<lakeDir>/raw/` gunzipped and its NDJSON lines parsed here, apart from the query engine, so copies the
 * API folds away are still counted. Temporary files of unfinished writes are not objects and are skipped.
 */
export async function rawRecordCopies(lakeDir: string): Promise<Map<string, number>> {
  const root = join(lakeDir, 'raw');
  const names = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  const copies = new Map<string, number>();
  for (const name of names.map(String).filter((file) => file.endsWith('.json.gz'))) {
    const text = gunzipSync(await readFile(join(root, name))).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { lakeline_message_id: string; lakeline_record_index: number };
      const key = `${row.lakeline_message_id}/${row.lakeline_record_index}`;
      copies.set(key, (copies.get(key) ?? 0) + 1);
    }
  }
  return copies;
}
