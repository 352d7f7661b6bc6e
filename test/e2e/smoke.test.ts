import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerSmokeCommand, runSmoke, type SmokeIo } from '../../local/cli/commands/smoke-command';
import { type LocalMode, type LocalModeOptions, startLocalMode } from '../../local/local-mode';

function recordingIo(): SmokeIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line) };
}

/** Object keys under `prefix` of the local lake (empty when the prefix was never written). */
async function lakeKeys(mode: LocalMode, prefix: string): Promise<string[]> {
  const entries = await readdir(join(mode.lakeDir, prefix), { recursive: true }).catch(() => []);
  return entries.map(String).filter((entry) => entry.endsWith('.json.gz'));
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
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await mode?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    mode = undefined;
    dataDir = undefined;
  });

  it('writes its check into smoke_checks and nothing into passengers when run with its defaults', async () => {
    // Prepare
    const local = await start();
    vi.stubEnv('LAKELINE_SNS_PORT', new URL(local.snsUrl).port);
    vi.stubEnv('LAKELINE_API_PORT', new URL(local.apiUrl).port);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => lines.push(line));
    const program = new Command('lakeline').exitOverride();
    registerSmokeCommand(program);

    // Act
    await program.parseAsync(['smoke', '--timeout-seconds', '60'], { from: 'user' });
    await local.flush();

    // Assert
    expect(await lakeKeys(local, 'raw/passengers/')).toEqual([]);
    expect(await lakeKeys(local, 'raw/smoke_checks/')).toHaveLength(1);
    expect(process.exitCode ?? 0).toBe(0);
    expect(lines.at(-1)).toMatch(/^smoke: OK, check smoke-[0-9a-f-]{36} queryable after/);
  });

  it('publishes a smoke check with a bigint sequence and finds it through the API', async () => {
    // Prepare
    const local = await start();
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: local.topicArn('smoke_checks'),
        endpointUrl: local.snsUrl,
        timeoutSeconds: 60,
        pollIntervalMs: 200,
      },
      io,
    );

    // Assert
    expect(result).toMatchObject({ ok: true, checkId: expect.stringMatching(/^smoke-[0-9a-f-]{36}$/) });
    expect(result.reason).toBeUndefined();
    expect(Number(result.sequence)).toBeGreaterThan(2 ** 52);
    expect(io.lines.at(-1)).toMatch(/^smoke: OK, check smoke-[0-9a-f-]{36} queryable after/);
  });

  it('fails with the reason when the check never becomes queryable', async () => {
    // Prepare
    const local = await start({ ingestHandler: () => async () => ({ batchItemFailures: [] }) });
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: local.topicArn('smoke_checks'),
        endpointUrl: local.snsUrl,
        timeoutSeconds: 2,
        pollIntervalMs: 200,
      },
      io,
    );

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^check smoke-\S+ was not returned by .* within 2 s \(last answer: 0 rows, none with the check id\)/);
    expect(io.lines.at(-1)).toMatch(/^smoke: FAILED, check smoke-\S+ was not returned/);
  });

  it('fails with the reason when the topic does not exist', async () => {
    // Prepare
    const local = await start();
    const io = recordingIo();

    // Act
    const result = await runSmoke(
      {
        apiUrl: local.apiUrl,
        topicArn: 'arn:aws:sns:us-east-1:000000000000:lakeline-nope-smoke_checks',
        endpointUrl: local.snsUrl,
        timeoutSeconds: 5,
      },
      io,
    );

    // Assert
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^publish to arn:aws:sns:us-east-1:000000000000:lakeline-nope-smoke_checks failed: /);
  });
});
