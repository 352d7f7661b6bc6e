/**
 * The OpenAPI document passes `redocly lint` (its recommended rules) with no error and no warning. The local
 * @redocly/cli binary runs on the written document with telemetry and update checks off, and with a preload that
 * refuses and records any outgoing connection, so the check is offline and proves it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';
import { allTypes } from '../../../fixtures/all-types-dataset';

const run = promisify(execFile);
const REDOCLY = resolve('node_modules/.bin/redocly');

/** Loaded into the linter's Node process: every socket connection attempt (fetch, http, dns-backed connect) is refused and recorded. */
const NETWORK_GUARD = `
const net = require('node:net');
const fs = require('node:fs');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let attempt;
  try {
    attempt = JSON.stringify(args, (_key, value) => (typeof value === 'function' ? undefined : value));
  } catch {
    attempt = String(args[0]);
  }
  fs.appendFileSync(process.env.NETWORK_ATTEMPTS_FILE, attempt + '\\n');
  const error = new Error('network access is refused in this test');
  process.nextTick(() => this.destroy(error));
  return this;
};
void connect;
`;

/** A redocly.yaml that uses only the built-in recommended rules and turns telemetry off. */
const CONFIG = 'extends:\n  - recommended\ntelemetry: off\n';

interface LintRun {
  readonly exitCode: number;
  /** stdout: the `--format json` report. */
  readonly report: string;
  readonly output: string;
  readonly networkAttempts: string;
}

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

describe('OpenAPI document under redocly lint', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lakeline-openapi-lint-'));
    await writeFile(join(dir, 'network-guard.cjs'), NETWORK_GUARD);
    await writeFile(join(dir, 'redocly.yaml'), CONFIG);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function lint(file: string, args: readonly string[] = []): Promise<LintRun> {
    const attempts = join(dir, `${file}.network`);
    await writeFile(attempts, '');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      NODE_OPTIONS: `--require ${join(dir, 'network-guard.cjs')}`,
      NETWORK_ATTEMPTS_FILE: attempts,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      CI: 'true',
      NO_COLOR: '1',
    };
    try {
      const { stdout, stderr } = await run(REDOCLY, ['lint', file, '--config', join(dir, 'redocly.yaml'), '--format', 'json', ...args], {
        cwd: dir,
        env,
        timeout: 60_000,
      });
      return { exitCode: 0, report: stdout, output: `${stdout}${stderr}`, networkAttempts: await readFile(attempts, 'utf8') };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return {
        exitCode: failed.code ?? -1,
        report: failed.stdout ?? '',
        output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
        networkAttempts: await readFile(attempts, 'utf8'),
      };
    }
  }

  it.each([
    ['the datasets this project deploys', datasets],
    ['a dataset with a column of every type', [...datasets, allTypes]],
  ])(
    'finds no error and no warning in the document of %s, without touching the network',
    async (_case, definitions) => {
      // Prepare
      const file = `openapi-${definitions.length}.json`;
      await writeFile(join(dir, file), JSON.stringify(buildOpenApiDocument(definitions), null, 2));

      // Act
      const result = await lint(file);

      // Assert
      const report = JSON.parse(result.report) as LintReport;
      expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(result.exitCode, result.output).toBe(0);
      expect(result.networkAttempts).toBe('');
    },
    90_000,
  );

  it('would notice a network attempt: the guard records a connection the linter process tries', async () => {
    // Prepare: a document whose $ref points at a URL makes the linter try to fetch it
    const file = 'remote-ref.json';
    const document = buildOpenApiDocument(datasets) as { components: { schemas: Record<string, unknown> } };
    document.components.schemas.Remote = { $ref: 'http://127.0.0.1:3999/remote.json' };
    await writeFile(join(dir, file), JSON.stringify(document));

    // Act
    const result = await lint(file);

    // Assert
    expect(result.networkAttempts).toContain('"host":"127.0.0.1"');
    expect(result.networkAttempts).toContain('3999');
    expect(result.exitCode).not.toBe(0);
  }, 90_000);
});
