import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLocalMode } from './support/local-mode-fixture';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('records the ingest refuses, read back with lakeline rejected', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  let env: NodeJS.ProcessEnv;

  const lakeline = (...args: string[]) => run(process.execPath, ['bin/lakeline.js', ...args], { cwd: repoRoot, env });

  beforeAll(async () => {
    mode = await startTestLocalMode();
    env = {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      LAKELINE_SNS_PORT: new URL(mode.snsUrl).port,
      LAKELINE_API_PORT: new URL(mode.apiUrl).port,
    };
  });

  afterAll(async () => {
    await mode.dispose();
  });

  it('publishes a record of the wrong type, says where refusals appear, and lists it with its reason and original text', async () => {
    // Prepare
    const file = join(mode.dataDir, 'refused.ndjson');
    const original = '{"passenger_id":"not a number","flight_id":5,"name":"Zoë \\"Q\\"","boarded_at":"2025-07-07T07:00:00Z"}';
    await writeFile(file, `${original}\n`);
    const today = new Date().toISOString().slice(0, 10);

    // Act
    const published = await lakeline('publish', '--dataset', 'passengers', file);
    await mode.flush();
    const listed = await lakeline('rejected', '--dataset', 'passengers', '--to', today, '--json');
    const table = await lakeline('rejected', '--dataset', 'passengers', '--to', today);
    const daily = await lakeline('rejected', '--dataset', 'passengers', '--to', today, '--daily', '--json');

    // Assert
    expect(published.stdout).toContain('1 of 1 records accepted');
    expect(published.stdout).toContain('lakeline rejected --dataset passengers');
    expect(published.stdout).toContain('GET /v1/datasets/passengers/rejected');
    const rows = JSON.parse(listed.stdout).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recordIndex: 0, original: expect.stringContaining('Zoë') });
    expect(JSON.parse(rows[0].original)).toEqual(JSON.parse(original));
    expect(rows[0].reasons).toEqual([expect.objectContaining({ path: expect.stringContaining('passenger_id') })]);
    expect(table.stdout).toContain('passenger_id');
    expect(table.stdout).toContain('1 rejected records');
    expect(JSON.parse(daily.stdout).rows).toEqual([{ day: today, rejected: 1 }]);
  });
});
