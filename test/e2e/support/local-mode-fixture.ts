import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SNSClient } from '@aws-sdk/client-sns';
import { type LocalMode, type LocalModeOptions, startLocalMode } from '../../../local/local-mode';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function temporaryDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lakeline-e2e-'));
}

/** Local mode on free ports and a fresh data directory; `dispose` stops it and removes the directory. */
export async function startTestLocalMode(options: Partial<LocalModeOptions> = {}): Promise<LocalMode & { dispose(): Promise<void> }> {
  const dataDir = options.dataDir ?? (await temporaryDataDir());
  const mode = await startLocalMode({ snsPort: 0, apiPort: 0, batchWindowMs: 100, ...options, dataDir });
  return {
    ...mode,
    dispose: async () => {
      await mode.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function snsClient(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function getJson(url: string): Promise<HttpAnswer> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every row of a records query, following `nextToken` page by page; also answers how many pages it took. */
export async function queryAllRows(
  apiUrl: string,
  dataset: string,
  parameters: Record<string, string>,
): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
  const rows: Record<string, unknown>[] = [];
  let pages = 0;
  let next: string | undefined;
  do {
    const query = new URLSearchParams({ ...parameters, ...(next ? { nextToken: next } : {}) });
    const answer = await getJson(`${apiUrl}/v1/datasets/${dataset}/records?${query}`);
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    rows.push(...(answer.body.rows as Record<string, unknown>[]));
    next = answer.body.nextToken as string | undefined;
    pages++;
  } while (next);
  return { rows, pages };
}

/** The lines of every gzip NDJSON object under `<lakeDir>/<prefix>`. */
export async function readLakeLines(lakeDir: string, prefix: string): Promise<Record<string, unknown>[]> {
  const root = join(lakeDir, prefix);
  const files = (await readdir(root, { recursive: true }).catch(() => [] as string[]))
    .map(String)
    .filter((name) => name.endsWith('.json.gz'));
  const lines: Record<string, unknown>[] = [];
  for (const file of files) {
    const text = gunzipSync(await readFile(join(root, file))).toString('utf8');
    for (const line of text.split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  return lines;
}

export function utcDay(offsetDays = 0, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
