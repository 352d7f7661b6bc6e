/**
 * Publishers that keep publishing while the local mode starts (here on a spool of 10 000 waiting messages, so the start
 * takes a while) must never be told that an existing topic does not exist: the SDKs do not retry NotFound, so such a
 * message would be dropped. A closed port (connection refused) is fine: the SDKs retry it.
 */

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalMode } from '../../local/local-mode';
import { Spool } from '../../local/spool/spool';
import { topicArn } from '../../local/topics';
import { temporaryDataDir } from '../e2e/support/local-mode-fixture';

const ARN = topicArn('passengers');
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function seedSpool(dataDir: string, messages: number): Promise<void> {
  const spool = await Spool.open(join(dataDir, 'spool', 'passengers'), { log: () => {} });
  for (let first = 0; first < messages; first += 1000) {
    await spool.append(
      Array.from({ length: 1000 }, (_, index) => ({
        messageId: randomUUID(),
        topicArn: ARN,
        message: JSON.stringify({ passenger_id: first + index, flight_id: 3, name: 'Waiting', boarded_at: '2025-03-03T03:03:03Z' }),
        timestamp: new Date().toISOString(),
      })),
    );
  }
  await spool.close();
}

/** One form-encoded Publish; answers `<status> <code>`, or `connection refused` while the port is closed. */
async function publishOnce(port: number): Promise<string> {
  const body = new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', TopicArn: ARN, Message: '{"passenger_id": 1}' });
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body });
    const text = await response.text();
    return `${response.status} ${/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'ok'}`;
  } catch {
    return 'connection refused';
  }
}

describe('publishing while the local mode starts', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('never answers NotFound for an existing topic to a publisher publishing in a tight loop during the start', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    await seedSpool(dataDir, 10_000);
    const snsPort = await freePort();
    const answers = new Map<string, number>();
    let answeredAfterStart = 0;
    let started = false;
    const publisher = (async () => {
      while (!started || answeredAfterStart < 20) {
        const answer = await publishOnce(snsPort);
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        if (started) answeredAfterStart++;
        if (answer === 'connection refused') await sleep(1);
      }
    })();

    // Act
    const mode = await startLocalMode({ dataDir, snsPort, apiPort: 0, batchSize: 5000, batchWindowMs: 10 });
    started = true;
    await publisher;
    await mode.stop();

    // Assert
    expect(answers.get('404 NotFound') ?? 0).toBe(0);
    expect([...answers.keys()].filter((answer) => answer !== '200 ok' && answer !== 'connection refused')).toEqual([]);
    expect(answers.get('200 ok')).toBeGreaterThan(0);
  }, 120_000);
});
