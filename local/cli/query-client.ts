/** A small client for the records and aggregate API that follows the 202 path until the rows are ready. */

import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordsPage {
  readonly rows: readonly Record<string, unknown>[];
  readonly nextToken?: string;
  readonly queryId: string;
  readonly stats?: { readonly bytesScanned?: number; readonly engineMs?: number };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    super(error ? `HTTP ${status} ${error.code}: ${error.message}` : `HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export interface ApiTarget {
  readonly apiUrl: string;
  readonly apiKey?: string;
}

async function getJson(target: ApiTarget, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(pathAndQuery, target.apiUrl.endsWith('/') ? target.apiUrl : `${target.apiUrl}/`), {
    headers: target.apiKey ? { 'x-api-key': target.apiKey } : {},
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body };
}

/** GET /v1/datasets/{name}/records, polling /v1/queries/{id} while the answer is 202. */
export function fetchRecordsPage(
  target: ApiTarget,
  dataset: string,
  parameters: URLSearchParams,
  maxWaitMs = 120_000,
): Promise<RecordsPage> {
  return fetchDatasetPage(target, dataset, 'records', parameters, maxWaitMs);
}

/** GET /v1/datasets/{name}/{route} (records, aggregate, rejected, rejected/daily), polling /v1/queries/{id} while the answer is 202. */
export async function fetchDatasetPage(
  target: ApiTarget,
  dataset: string,
  route: 'records' | 'aggregate' | 'rejected' | 'rejected/daily',
  parameters: URLSearchParams,
  maxWaitMs = 120_000,
): Promise<RecordsPage> {
  const query = parameters.toString();
  let answer = await getJson(target, `v1/datasets/${encodeURIComponent(dataset)}/${route}${query ? `?${query}` : ''}`);
  const deadline = Date.now() + maxWaitMs;
  while (answer.status === 202) {
    if (Date.now() > deadline) throw new Error(`the query did not finish within ${maxWaitMs} ms`);
    const poll = (answer.body as { poll?: string }).poll ?? '';
    await sleep(250);
    answer = await getJson(target, poll.replace(/^\//, ''));
  }
  if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
  return answer.body as RecordsPage;
}
