import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { loadSampleData, SAMPLE_DAYS, SAMPLE_RECORDS } from '../../local/sample/load-sample';
import { sampleRecords } from '../../local/sample/sample-records';
import { toolAvailable } from '../support/external-tool';
import { startTestLocalMode, utcDay } from './support/local-mode-fixture';

/** Debian's chromium package; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = toolAvailable(CHROMIUM);

describe('API explorer at /docs', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mode = await startTestLocalMode({ datasets: [passengers] });
    await loadSampleData(mode);
    if (hasChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await mode?.dispose();
  });

  it('answers /favicon.ico with an image instead of a 404', async () => {
    // Act
    const response = await fetch(`${mode.apiUrl}/favicon.ico`);
    const bytes = Buffer.from(await response.arrayBuffer());

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('serves the page with a Content-Security-Policy that allows scripts from its own origin only', async () => {
    // Act
    const response = await fetch(`${mode.apiUrl}/docs`);

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(response.headers.get('content-security-policy')).toMatch(/(^|; )connect-src 'self'(;|$)/);
  });

  describe.skipIf(!hasChromium)('in headless Chromium', () => {
    it('runs a records query with real clicks (enum select, dates, Execute), shows a 200 with sample rows, and asks only the local origin', async () => {
      // Prepare
      if (browser === undefined) throw new Error('Chromium did not start');
      const page = await browser.newPage();
      const requested: string[] = [];
      const consoleErrors: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      const sample = new Map(
        sampleRecords(passengers, { records: SAMPLE_RECORDS, days: SAMPLE_DAYS }).map((text) => {
          const record = JSON.parse(text) as { passenger_id: number; name: string };
          return [record.passenger_id, record.name];
        }),
      );

      // Act
      await page.goto(`${mode.apiUrl}/docs`);
      const operation = page.locator('#operations-records-listPassengersRecords');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.locator('tr[data-param-name="order"] select').selectOption('-passenger_id');
      await operation.locator('tr[data-param-name="from"] input').fill(utcDay(-(SAMPLE_DAYS - 1)));
      await operation.locator('tr[data-param-name="to"] input').fill(utcDay(0));
      await operation.locator('tr[data-param-name="limit"] input').fill('5');
      // Swagger UI pre-fills the example projection; an empty field asks for the dataset's own columns.
      await operation.locator('tr[data-param-name="columns"] input').fill('');
      await operation.getByRole('button', { name: 'Execute' }).click();
      const live = operation.locator('.live-responses-table tr.response');
      await live.waitFor();
      const status = (await live.locator('.response-col_status').textContent())?.trim();
      const body = JSON.parse((await live.locator('.response-col_description pre').first().textContent()) ?? '') as {
        rows: { passenger_id: number; name: string; boarded_at: string }[];
      };
      const requestUrl = (await operation.locator('.request-url pre').textContent())?.trim() ?? '';
      await page.close();

      // Assert
      expect(status).toBe('200');
      expect(new URL(requestUrl).origin).toBe(mode.apiUrl);
      expect(new URL(requestUrl).searchParams.get('order')).toBe('-passenger_id');
      expect(body.rows).toHaveLength(5);
      for (const row of body.rows) expect(sample.get(row.passenger_id)).toBe(row.name);
      expect(Object.keys(body.rows[0] ?? {})).toEqual(expect.arrayContaining(['passenger_id', 'flight_id', 'name', 'boarded_at']));
      const ids = body.rows.map((row) => row.passenger_id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(requested).toContain(requestUrl);
      expect(requested.filter((url) => new URL(url).origin !== mode.apiUrl)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });
});
