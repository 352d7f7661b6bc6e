import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, spawnLocalMode } from './support/child-local-mode';
import { getJson, temporaryDataDir } from './support/local-mode-fixture';

describe('npm start -- --sample', () => {
  const dirs: string[] = [];

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('loads sample passengers before printing the banner, so the first default GET returns rows', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);

    // Act
    const started = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir }, ['--sample'], { npmStart: true });
    const answer = await getJson(`${started.apiUrl}/v1/datasets/passengers/records`);
    started.interrupt();
    const exit = await exitOf(started.child);

    // Assert
    expect(started.output()).toContain('Loaded 1000 sample passengers records.');
    expect(started.output()).toContain('arn:aws:sns:us-east-1:000000000000:lakeline-passengers');
    expect(started.output()).toMatch(/aws sns publish --endpoint-url http:\/\/127\.0\.0\.1:\d+ /);
    expect(answer.status).toBe(200);
    expect((answer.body.rows as unknown[]).length).toBe(100);
    // npm ends itself by the SIGINT it received once its script has exited; the local mode exited and freed its port.
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    await expect(fetch(`${started.apiUrl}/v1/datasets`)).rejects.toThrow();
  });
});
