import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAllRows, snsClient, startTestLocalMode, utcDay } from './support/local-mode-fixture';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface CliAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The lines the CLI wrote (run with NODE_NO_WARNINGS=1, so only the CLI's own). */
const lines = (text: string) => text.split('\n').filter(Boolean);

async function lakeline(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliAnswer> {
  return run(process.execPath, ['bin/lakeline.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CliAnswer) => error,
  );
}

describe('lakeline compact against the running local mode', () => {
  const day = utcDay(-2);
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mode = await startTestLocalMode({ compactionIntervalSeconds: 0 });
    env = { LAKELINE_SNS_PORT: new URL(mode.snsUrl).port, LAKELINE_API_PORT: new URL(mode.apiUrl).port };
    const client = snsClient(mode.snsUrl);
    const records = [1, 2, 3].map((id) => ({ passenger_id: id, flight_id: 9, name: `P${id}`, boarded_at: `${day}T08:00:0${id}Z` }));
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(records) }));
    client.destroy();
    await mode.flush();
  });

  afterAll(async () => {
    await mode.dispose();
  });

  it('compacts the closed days, then finds nothing to compact, and the records stay the same', async () => {
    // Prepare
    const before = await queryAllRows(mode.apiUrl, 'passengers', { from: day, to: day, order: 'passenger_id' });

    // Act
    const first = await lakeline(env, 'compact', '--dataset', 'passengers');
    const second = await lakeline(env, 'compact', '--dataset', 'passengers');

    // Assert
    const after = await queryAllRows(mode.apiUrl, 'passengers', { from: day, to: day, order: 'passenger_id' });
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      // The records were published after their day ended, so each stored object also left a compaction request.
      expect.stringMatching(
        new RegExp(`^passengers ${day}: 3 rows, run \\S+ \\(first run of the day, \\d+ late-record requests? answered\\)$`),
      ),
    ]);
    expect(lines(second.stdout)).toEqual(['passengers: nothing to compact']);
    expect(after.rows).toEqual(before.rows);
  });

  it('compacts a given day again, replacing its run', async () => {
    // Act
    const again = await lakeline(env, 'compact', '--dataset', 'passengers', '--day', day);

    // Assert
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^passengers ${day}: 3 rows, run \\S+ \\(replaced run \\S+\\)$`)),
    ]);
  });

  it('refuses a day not closed yet and a day that does not exist, saying why', async () => {
    // Act
    const today = await lakeline(env, 'compact', '--dataset', 'passengers', '--day', utcDay(0));
    const invalid = await lakeline(env, 'compact', '--dataset', 'passengers', '--day', '2026-02-30');

    // Assert
    expect(today.code).toBe(1);
    expect(lines(today.stderr)).toEqual([
      `lakeline: HTTP 409 day_not_closed: ${utcDay(0)} is not closed yet: a day is compacted from 3 h after it ends (UTC)`,
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('HTTP 400 invalid_parameter');
    expect(invalid.stderr).toContain('"day"');
  });
});

describe('lakeline compact with nothing running', () => {
  it('says the local API did not answer and that npm start runs the local mode', async () => {
    // Prepare
    const apiPort = await closedPort();

    // Act
    const answer = await lakeline({ LAKELINE_API_PORT: String(apiPort) }, 'compact', '--dataset', 'passengers');

    // Assert
    expect(answer.code).toBe(1);
    expect(lines(answer.stderr)).toEqual([
      `lakeline: no answer from the local API at http://127.0.0.1:${apiPort}: connection refused; is the local mode running? \`npm start\` starts it`,
    ]);
  });
});
