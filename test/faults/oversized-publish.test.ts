/**
 * A single hostile Publish must not stall the local mode: a 4 MB form body with 28 000 message attributes, and one just
 * under the 1 MiB body limit with 7 000, are refused quickly with a 4xx in SNS's error format, and API requests sent
 * meanwhile stay fast. The local mode runs in its own process, so the client's clock keeps running if the server's
 * event loop is blocked.
 */

import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { topicArn } from '../../local/topics';
import { type ChildLocalMode, exitOf, spawnLocalMode } from '../e2e/support/child-local-mode';
import { temporaryDataDir } from '../e2e/support/local-mode-fixture';

const ANSWER_WITHIN_MS = 5_000;

function hostileBody(attributes: number): string {
  const parts = [`Action=Publish`, `Version=2010-03-31`, `TopicArn=${encodeURIComponent(topicArn('passengers'))}`, 'Message=%7B%7D'];
  for (let index = 1; index <= attributes; index++) {
    const entry = `MessageAttributes.entry.${index}`;
    parts.push(`${entry}.Name=a${index}`, `${entry}.Value.DataType=String`, `${entry}.Value.StringValue=v`);
  }
  return parts.join('&');
}

async function timed(request: () => Promise<Response>): Promise<{ status: number | string; ms: number; body: string }> {
  const started = performance.now();
  try {
    const response = await request();
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  } catch (error) {
    return { status: error instanceof Error ? error.name : String(error), ms: performance.now() - started, body: '' };
  }
}

describe('an oversized Publish', () => {
  const children: ChildLocalMode[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.child.kill('SIGKILL');
      await exitOf(child.child);
    }
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [28_000, 413, 'RequestEntityTooLarge'],
    [7_000, 400, 'ParameterValueInvalid'],
  ])(
    'with %i message attributes is answered %i %s within seconds while API requests stay fast',
    async (attributes, status, code) => {
      // Prepare
      const dataDir = await temporaryDataDir();
      dirs.push(dataDir);
      const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir });
      children.push(child);
      const body = hostileBody(attributes);
      let publishing = true;
      const apiLatencies: number[] = [];
      const apiCalls = (async () => {
        while (publishing) {
          const answer = await timed(() => fetch(`${child.apiUrl}/v1/datasets`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) }));
          apiLatencies.push(answer.ms);
          await sleep(20);
        }
      })();

      // Act
      const publish = await timed(() =>
        fetch(child.snsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        }),
      );
      publishing = false;
      await apiCalls;

      // Assert
      expect({ status: publish.status, code: /<Code>([^<]+)<\/Code>/.exec(publish.body)?.[1] }).toEqual({ status, code });
      expect(publish.body).toMatch(/<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type>/);
      expect(publish.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(Math.max(...apiLatencies)).toBeLessThan(1_000);
      console.info(
        `oversized publish: ${body.length} bytes, ${attributes} attributes answered ${publish.status} in ${Math.round(publish.ms)} ms; ` +
          `GET /v1/datasets meanwhile: ${apiLatencies.length} calls, slowest ${Math.round(Math.max(...apiLatencies))} ms`,
      );
    },
    60_000,
  );
});
