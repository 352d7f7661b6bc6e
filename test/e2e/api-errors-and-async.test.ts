import { setTimeout as sleep } from 'node:timers/promises';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, snsClient, startTestLocalMode } from './support/local-mode-fixture';

describe('local HTTP API: errors, the 202 path and the docs', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let records: string;

  beforeAll(async () => {
    // A wait budget of 0 ms makes every records query outlive its request.
    mode = await startTestLocalMode({ queryWaitBudgetMs: 0 });
    records = `${mode.apiUrl}/v1/datasets/passengers/records`;
    const client = snsClient(mode.snsUrl);
    const message = JSON.stringify({
      passenger_id: 77,
      flight_id: 7,
      name: 'Async Ada',
      seat_number: '2B',
      boarded_at: '2025-02-02T02:02:02Z',
    });
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: message }));
    client.destroy();
    await mode.flush();
  });

  afterAll(async () => {
    await mode.dispose();
  });

  it.each([
    ['a malformed date', '?from=2025-13-01&to=2025-01-31', 'from'],
    ['from after to', '?from=2025-02-02&to=2025-02-01', 'from'],
    ['a range over the maximum', '?from=2025-01-01&to=2025-03-31', 'from'],
    ['a limit of zero', '?limit=0', 'limit'],
    ['a limit over 1000', '?limit=1001', 'limit'],
    ['a non-numeric limit', '?limit=ten', 'limit'],
    ['an unknown parameter', '?colour=blue', 'colour'],
    ['a filter on a column that is not filterable', '?name=Ada', 'name'],
    ['a filter value of the wrong type', '?passenger_id=abc', 'passenger_id'],
    ['an unknown projected column', '?columns=passenger_id,shoe_size', 'columns'],
    ['a repeated parameter', '?limit=5&limit=6', 'limit'],
    ['a forged page token', '?nextToken=bm90LWEtdG9rZW4', 'nextToken'],
  ])('answers 400 naming the parameter for %s', async (_case, query, parameter) => {
    // Act
    const answer = await getJson(`${records}${query}`);

    // Assert
    expect(answer.status).toBe(400);
    const error = answer.body.error as { code: string; message: string };
    expect(error.code).toEqual(expect.any(String));
    expect(error.message).toContain(parameter);
  });

  it.each([
    ['an unknown dataset', '/v1/datasets/nope/records'],
    ['an unknown query id', '/v1/queries/00000000-0000-4000-8000-000000000000'],
    ['a query id that is not a UUID', '/v1/queries/not-a-query'],
    ['an unknown route', '/v2/whatever'],
  ])('answers 404 for %s', async (_case, path) => {
    // Act
    const answer = await getJson(`${mode.apiUrl}${path}`);

    // Assert
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('answers 202 with a poll link when the query outlives the wait budget, and the rows once polled', async () => {
    // Act
    const first = await getJson(`${records}?from=2025-02-02&to=2025-02-02`);
    let polled = first;
    for (let attempt = 0; attempt < 100 && polled.status === 202; attempt++) {
      await sleep(50);
      polled = await getJson(`${mode.apiUrl}${first.body.poll as string}`);
    }

    // Assert
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ queryId: expect.any(String), status: expect.stringMatching(/QUEUED|RUNNING/) });
    expect(first.body.poll).toBe(`/v1/queries/${first.body.queryId as string}`);
    expect(polled.status).toBe(200);
    expect(polled.body.rows).toEqual([
      { passenger_id: 77, flight_id: 7, name: 'Async Ada', seat_number: '2B', boarded_at: '2025-02-02T02:02:02.000Z' },
    ]);
  });

  it('serves the datasets and the OpenAPI document without an API key', async () => {
    // Act
    const datasets = await getJson(`${mode.apiUrl}/v1/datasets`);
    const openapi = await getJson(`${mode.apiUrl}/v1/openapi.json`);

    // Assert
    expect(datasets.status).toBe(200);
    expect(JSON.stringify(datasets.body)).toContain('passengers');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
  });

  it('serves a self-contained explorer page at /docs that loads the OpenAPI document', async () => {
    // Act
    const response = await fetch(`${mode.apiUrl}/docs`);
    const html = await response.text();
    const script = await (await fetch(`${mode.apiUrl}/docs/explorer.js`)).text();

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(script).toContain("fetch('/v1/openapi.json'");
    // Every script and stylesheet comes from the local server itself (a path on this origin).
    expect(html).toMatch(/<script[^>]+src="\/docs\//);
    expect(html).not.toMatch(/<script[^>]+src="(?!\/[^/])|<link[^>]+href="(?!\/[^/])/);
  });
});
