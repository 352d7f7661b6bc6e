/**
 * 500 concurrent records queries against the local HTTP API, then each one's next page, all at once: no answer is a
 * 5xx. A query the engine cannot start yet waits in its queue (answering 202 with a poll link when it outlives the
 * request's wait budget), and every nextToken issued still works while the other 499 queries run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsClient, startTestLocalMode } from './support/local-mode-fixture';

const CONCURRENT_QUERIES = 500;
const DAY = '2025-03-03';
const PASSENGERS = 60;
const PAGE_SIZE = 7;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: string | null;
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { unparsable: text };
  }
  return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
}

describe('local HTTP API under 500 concurrent queries', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;

  beforeAll(async () => {
    mode = await startTestLocalMode({ queryWaitBudgetMs: 10_000 });
    const client = snsClient(mode.snsUrl);
    const records = Array.from({ length: PASSENGERS }, (_, index) => ({
      passenger_id: index + 1,
      flight_id: 1 + (index % 3),
      name: `Passenger ${index + 1}`,
      seat_number: `${1 + (index % 30)}C`,
      boarded_at: `${DAY}T10:00:00Z`,
    }));
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(records) }));
    client.destroy();
    await mode.flush();
  });

  afterAll(async () => {
    await mode.dispose();
  });

  /** The first page of one query, following 202 answers and honouring Retry-After, then its second page the same way. */
  async function firstTwoPages(index: number, statuses: number[]): Promise<{ first: Answer; second: Answer | undefined }> {
    const parameters = new URLSearchParams({
      from: DAY,
      to: DAY,
      order: index % 2 === 0 ? 'passenger_id' : '-passenger_id',
      limit: String(PAGE_SIZE),
    });
    const follow = async (url: string): Promise<Answer> => {
      let answer = await get(url);
      statuses.push(answer.status);
      for (let attempt = 0; attempt < 200 && (answer.status === 202 || answer.status === 429 || answer.status === 503); attempt++) {
        const waitMs = answer.retryAfter === null ? 50 : Number(answer.retryAfter) * 1000;
        await sleep(waitMs);
        answer = await get(answer.status === 202 ? `${mode.apiUrl}${String(answer.body.poll)}` : url);
        statuses.push(answer.status);
      }
      return answer;
    };
    const first = await follow(`${mode.apiUrl}/v1/datasets/passengers/records?${parameters}`);
    const token = first.body.nextToken;
    if (typeof token !== 'string') return { first, second: undefined };
    const queryId = String(first.body.queryId);
    // Odd queries continue on the records route, even ones on the query route: both accept a records token. A first
    // page that came from polling the query route (it carries the query's status) has a query-route token.
    const fromPoll = first.body.status !== undefined;
    const nextUrl =
      index % 2 === 1 && !fromPoll
        ? `${mode.apiUrl}/v1/datasets/passengers/records?${new URLSearchParams({ nextToken: token })}`
        : `${mode.apiUrl}/v1/queries/${queryId}?${new URLSearchParams({ nextToken: token })}`;
    return { first, second: await follow(nextUrl) };
  }

  it('answers no 5xx to 500 concurrent queries and their next pages, and serves every page', async () => {
    // Prepare
    const statuses: number[] = [];
    const started = performance.now();

    // Act
    const results = await Promise.all(Array.from({ length: CONCURRENT_QUERIES }, (_, index) => firstTwoPages(index, statuses)));

    // Assert
    const elapsedMs = Math.round(performance.now() - started);
    const counts = new Map<number, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    const figures = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    console.log(
      `${CONCURRENT_QUERIES} concurrent queries + next pages in ${elapsedMs} ms; ${statuses.length} answers (${figures.join(', ')}); 5xx: ${statuses.filter((status) => status >= 500).length}`,
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(results.map(({ first }) => first.status)).toEqual(Array(CONCURRENT_QUERIES).fill(200));
    expect(results.map(({ second }) => second?.status)).toEqual(Array(CONCURRENT_QUERIES).fill(200));
    results.forEach(({ first, second }, index) => {
      const ids = [...(first.body.rows as { passenger_id: number }[]), ...((second?.body.rows ?? []) as { passenger_id: number }[])].map(
        (row) => row.passenger_id,
      );
      const ascending = Array.from({ length: 2 * PAGE_SIZE }, (_, offset) => offset + 1);
      expect(ids).toEqual(index % 2 === 0 ? ascending : ascending.map((id) => PASSENGERS + 1 - id));
    });
  }, 180_000);
});
