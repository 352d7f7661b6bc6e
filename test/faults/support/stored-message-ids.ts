import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readLakeLines } from '../../e2e/support/local-mode-fixture';

/** The SNS message ids found in the lake's raw zone (gunzipped independently) and in the dead-letter directory. */
export async function storedMessageIds(dataDir: string, dataset: string): Promise<{ raw: Set<string>; deadLettered: Set<string> }> {
  const lines = await readLakeLines(join(dataDir, 'lake'), `raw/${dataset}`);
  const raw = new Set(lines.map((line) => String(line.lakeline_message_id)));
  const names = await readdir(join(dataDir, 'dead-letter', dataset)).catch(() => [] as string[]);
  const deadLettered = new Set(names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)));
  return { raw, deadLettered };
}

/** Acknowledged ids found neither in raw/ nor in the dead-letter directory. */
export function lostIds(acknowledged: readonly string[], stored: { raw: Set<string>; deadLettered: Set<string> }): string[] {
  return acknowledged.filter((id) => !stored.raw.has(id) && !stored.deadLettered.has(id));
}
