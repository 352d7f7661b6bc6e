import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAllRows, startTestLocalMode } from './support/local-mode-fixture';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface CliFailure {
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

/** The lines the CLI wrote (run with NODE_NO_WARNINGS=1: the runtime's notices, the AWS SDK's about the Node.js version, are not the CLI's). */
const cliLines = (stderr: string) => stderr.split('\n').filter(Boolean);

describe('the lakeline CLI against the local mode', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let env: NodeJS.ProcessEnv;

  const lakeline = (...args: string[]) => run(process.execPath, ['bin/lakeline.js', ...args], { cwd: repoRoot, env });

  beforeAll(async () => {
    mode = await startTestLocalMode();
    env = { ...process.env, LAKELINE_SNS_PORT: new URL(mode.snsUrl).port, LAKELINE_API_PORT: new URL(mode.apiUrl).port };
  });

  afterAll(async () => {
    await mode.dispose();
  });

  it('publishes a CSV file typed by the dataset definition, keeping a 64-bit id exact', async () => {
    // Prepare
    const file = join(mode.dataDir, 'passengers.csv');
    await writeFile(
      file,
      'passenger_id,flight_id,name,seat_number,boarded_at\n9007199254740993,81,"Lovelace, Ada",1A,2025-07-07T07:00:00Z\n2,81,Grace Hopper,1B,2025-07-07T07:01:00Z\n',
    );

    // Act
    const { stdout } = await lakeline('publish', '--dataset', 'passengers', file);
    await mode.flush();
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-07-07', to: '2025-07-07', flight_id: '81' });

    // Assert
    expect(stdout).toContain('2 of 2 records accepted');
    expect(rows.map((row) => [row.passenger_id, row.name])).toEqual(
      expect.arrayContaining([
        ['9007199254740993', 'Lovelace, Ada'],
        [2, 'Grace Hopper'],
      ]),
    );
  });

  it('generates sample records and publishes them as NDJSON in several messages', async () => {
    // Prepare
    const file = join(mode.dataDir, 'sample.ndjson');
    await lakeline('sample', '--dataset', 'passengers', '--records', '300', '--days', '2', '--out', file);

    // Act
    const { stdout } = await lakeline('publish', '--dataset', 'passengers', '--records-per-message', '25', file);

    // Assert
    expect(stdout).toMatch(/^300 of 300 records accepted in 12 messages/);
  });

  it('exits non-zero and says why when records are not accepted', async () => {
    // Prepare
    const file = join(mode.dataDir, 'too-big.ndjson');
    await writeFile(file, `${JSON.stringify({ name: 'x'.repeat(300_000) })}\n{"passenger_id":1}\n`);

    // Act
    const failure = await lakeline('publish', '--dataset', 'passengers', file).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    // Assert
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('1 of 2 records accepted');
    expect(failure?.stderr).toContain('larger than 256 KB');
  });

  it('queries through the HTTP API and prints JSON or a table', async () => {
    // Act
    const json = await lakeline(
      'query',
      '--dataset',
      'passengers',
      '--from',
      '2025-07-07',
      '--to',
      '2025-07-07',
      '--filter',
      'passenger_id=2',
      '--json',
    );
    const table = await lakeline(
      'query',
      '--dataset',
      'passengers',
      '--from',
      '2025-07-07',
      '--to',
      '2025-07-07',
      '--columns',
      'passenger_id,name',
    );

    // Assert
    expect(JSON.parse(json.stdout).rows).toEqual([
      { passenger_id: 2, flight_id: 81, name: 'Grace Hopper', seat_number: '1B', boarded_at: '2025-07-07T07:01:00.000Z' },
    ]);
    expect(table.stdout).toMatch(/passenger_id\s+name\n-+\s+-+\n/);
    expect(table.stdout).toContain('Grace Hopper');
  });

  it('lists every invalid line and publishes nothing of the file', async () => {
    // Prepare
    const file = join(mode.dataDir, 'bad-lines.ndjson');
    const record = (id: number) =>
      JSON.stringify({ passenger_id: id, flight_id: 91, name: `P${id}`, seat_number: '2A', boarded_at: '2025-07-08T07:00:00Z' });
    await writeFile(file, [record(1), 'not json', record(2), '{"passenger_id":', record(3)].join('\n'));

    // Act
    const failure = await lakeline('publish', '--dataset', 'passengers', file).then(
      () => undefined,
      (error: CliFailure) => error,
    );
    await mode.flush();
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-07-08', to: '2025-07-08', flight_id: '91' });

    // Assert
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('2 invalid lines');
    expect(failure?.stderr).toMatch(/line 2 is not valid JSON/);
    expect(failure?.stderr).toMatch(/line 4 is not valid JSON/);
    expect(failure?.stderr).toContain('--skip-invalid');
    expect(failure?.stdout).toBe('');
    expect(rows).toEqual([]);
  });

  it('publishes the valid records with --skip-invalid and counts the invalid lines skipped', async () => {
    // Prepare
    const file = join(mode.dataDir, 'skip-invalid.csv');
    await writeFile(
      file,
      'passenger_id,flight_id,name,seat_number,boarded_at\n1,92,Ada,1A,2025-07-09T07:00:00Z\n2,92\n3,92,Grace,1C,2025-07-09T07:02:00Z\n',
    );

    // Act
    const { stdout, stderr } = await lakeline('publish', '--dataset', 'passengers', '--skip-invalid', file);
    await mode.flush();
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-07-09', to: '2025-07-09', flight_id: '92' });

    // Assert
    expect(stdout).toMatch(/^2 of 2 records accepted .*, 1 invalid lines skipped$/m);
    expect(stderr).toMatch(/line 3 is not a valid CSV record/);
    expect(rows.map((row) => row.name).sort()).toEqual(['Ada', 'Grace']);
  });

  it('rejects an unknown dataset with a usage error', async () => {
    // Act
    const failure = await lakeline('query', '--dataset', 'nope').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

    // Assert
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('unknown dataset "nope"');
  });
});

describe('the lakeline CLI with nothing running', () => {
  const lakeline = async (env: NodeJS.ProcessEnv, ...args: string[]) =>
    run(process.execPath, ['bin/lakeline.js', ...args], { cwd: repoRoot, env: { ...process.env, NODE_NO_WARNINGS: '1', ...env } }).then(
      () => undefined,
      (error: CliFailure) => error,
    );

  it('says which local endpoint did not answer and that npm start runs the local mode, in one line', async () => {
    // Prepare
    const [snsPort, apiPort] = [await closedPort(), await closedPort()];
    const env = { LAKELINE_SNS_PORT: String(snsPort), LAKELINE_API_PORT: String(apiPort) };
    const file = join(tmpdir(), `lakeline-cli-${process.pid}.ndjson`);
    await writeFile(file, '{"passenger_id":1}\n');

    // Act
    const query = await lakeline(env, 'query', '--dataset', 'passengers');
    const publish = await lakeline(env, 'publish', '--dataset', 'passengers', file).finally(() => rm(file, { force: true }));

    // Assert
    expect(query?.code).toBe(1);
    expect(cliLines(query?.stderr ?? '')).toEqual([
      `lakeline: no answer from the local API at http://127.0.0.1:${apiPort}: connection refused; is the local mode running? \`npm start\` starts it`,
    ]);
    expect(publish?.code).toBe(1);
    expect(cliLines(publish?.stderr ?? '')).toEqual([
      `lakeline: no answer from the local SNS endpoint at http://127.0.0.1:${snsPort}: connection refused; is the local mode running? \`npm start\` starts it`,
    ]);
    expect(publish?.stdout).toBe('');
  });

  it('says in the smoke test which local endpoint did not answer', async () => {
    // Prepare
    const [snsPort, apiPort] = [await closedPort(), await closedPort()];

    // Act
    const smoke = await lakeline(
      { LAKELINE_SNS_PORT: String(snsPort), LAKELINE_API_PORT: String(apiPort) },
      'smoke',
      '--timeout-seconds',
      '1',
    );

    // Assert
    expect(smoke?.code).toBe(1);
    expect(cliLines(smoke?.stderr ?? '')).toEqual([
      `smoke: FAILED, no answer from the local SNS endpoint at http://127.0.0.1:${snsPort}: connection refused; is the local mode running? \`npm start\` starts it`,
    ]);
  });

  it('names the URL given with --api-url, without pointing at the local mode', async () => {
    // Prepare
    const url = `http://127.0.0.1:${await closedPort()}/`;

    // Act
    const query = await lakeline({}, 'query', '--dataset', 'passengers', '--api-url', url);

    // Assert
    expect(query?.code).toBe(1);
    expect(cliLines(query?.stderr ?? '')).toEqual([
      `lakeline: no answer from the API at ${url} (given with --api-url): connection refused`,
    ]);
  });

  it('refuses a port the local mode would refuse, as a usage error', async () => {
    // Act
    const query = await lakeline({ LAKELINE_API_PORT: '70000' }, 'query', '--dataset', 'passengers');

    // Assert
    expect(query?.code).toBe(2);
    expect(cliLines(query?.stderr ?? '')).toEqual([
      'lakeline: Environment variable LAKELINE_API_PORT must be at most 65535 (the largest TCP port number), got "70000"',
    ]);
  });
});
