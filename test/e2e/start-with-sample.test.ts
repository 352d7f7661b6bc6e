import { rm } from 'node:fs/promises';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { passengers } from '../../datasets/passengers';
import { loadSampleData, SAMPLE_RECORDS, sampleLoadLines } from '../../local/sample/load-sample';
import { exitOf, spawnLocalMode } from './support/child-local-mode';
import { getJson, readLakeLines, snsClient, startTestLocalMode, temporaryDataDir } from './support/local-mode-fixture';

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

  it('adds the sample beside data already in the lake, and loads it only once however often it is asked for', async () => {
    // Prepare
    const mode = await startTestLocalMode({ datasets: [passengers] });
    const client = snsClient(mode.snsUrl);
    const own = { passenger_id: 7, flight_id: 77, name: 'Own Record', seat_number: '7A', boarded_at: new Date().toISOString() };
    await client.send(new PublishCommand({ TopicArn: mode.topicArn('passengers'), Message: JSON.stringify(own) }));
    client.destroy();
    await mode.flush();

    // Act
    const first = await loadSampleData(mode);
    const second = await loadSampleData(mode);
    const lines = await readLakeLines(mode.lakeDir, 'raw/passengers');
    await mode.dispose();

    // Assert
    expect(first).toEqual([{ dataset: 'passengers', outcome: 'loaded', records: SAMPLE_RECORDS, besideExistingData: true }]);
    expect(sampleLoadLines(first, mode.dataDir)).toEqual([
      `Loaded ${SAMPLE_RECORDS} sample passengers records beside the data already there.`,
    ]);
    expect(second).toEqual([{ dataset: 'passengers', outcome: 'already-loaded', loadedAt: expect.any(String) }]);
    expect(sampleLoadLines(second, mode.dataDir)[0]).toMatch(/^The sample passengers records were loaded on .*; not loaded again/);
    expect(lines).toHaveLength(SAMPLE_RECORDS + 1);
    expect(lines.filter((line) => line.passenger_id === 7)).toHaveLength(1);
  });
});
