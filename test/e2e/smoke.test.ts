import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSmoke, type SmokeIo } from '../../local/cli/commands/smoke-command';
import { type LocalMode, type LocalModeOptions, startLocalMode } from '../../local/local-mode';

function recordingIo(): SmokeIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line) };
}

describe('lakeline smoke against the local mode', () => {
  let mode: LocalMode | undefined;
  let dataDir: string | undefined;

  async function start(options: Partial<LocalModeOptions> = {}): Promise<LocalMode> {
    dataDir = await mkdtemp(join(tmpdir(), 'lakeline-smoke-'));
    mode = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50, onError: () => {}, ...options });
    return mode;
  }

  afterEach(async () => {
    await mode?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    mode = undefined;
    dataDir = undefined;
  });

  it('publishes a marker passenger and finds it through the API', async () => {
    // Prepare
    const local = await start();
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: local.topicArn('passengers'),
        endpointUrl: local.snsUrl,
        timeoutSeconds: 60,
        dataset: 'passengers',
        pollIntervalMs: 200,
      },
      io,
    );

    // Assert
    expect(result).toMatchObject({ ok: true, marker: expect.stringMatching(/^smoke-[0-9a-f-]{36}$/) });
    expect(result.reason).toBeUndefined();
    expect(Number(result.passengerId)).toBeGreaterThan(2 ** 52);
    expect(io.lines.at(-1)).toMatch(/^smoke: OK, passenger \d+ queryable after/);
  });

  it('fails with the reason when the record never becomes queryable', async () => {
    // Prepare
    const local = await start({ ingestHandler: () => async () => ({ batchItemFailures: [] }) });
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: local.topicArn('passengers'),
        endpointUrl: local.snsUrl,
        timeoutSeconds: 2,
        dataset: 'passengers',
        pollIntervalMs: 200,
      },
      io,
    );

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/was not returned by .* within 2 s \(last answer: 0 rows, none with the marker\)/);
    expect(io.lines.at(-1)).toMatch(/^smoke: FAILED, passenger \d+ was not returned/);
  });

  it('fails with the reason when the topic does not exist', async () => {
    // Prepare
    const local = await start();
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-nope',
        endpointUrl: local.snsUrl,
        timeoutSeconds: 5,
        dataset: 'passengers',
      },
      io,
    );

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^publish to arn:aws:sns:us-east-1:000000000000:lakeline-nope failed: /);
  });
});
