import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAllRows, startTestLocalMode } from './support/local-mode-fixture';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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
