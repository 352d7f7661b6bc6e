import { rm } from 'node:fs/promises';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalMode } from '../../local/local-mode';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from './support/child-local-mode';
import { queryAllRows, readLakeLines, snsClient, temporaryDataDir } from './support/local-mode-fixture';

const DAY = '2025-05-05';
const record = (id: number) => ({
  passenger_id: id,
  flight_id: 55,
  name: `Durable ${id}`,
  seat_number: '5E',
  boarded_at: `${DAY}T05:05:05.000Z`,
});

describe('durability of acknowledged publishes', () => {
  const dirs: string[] = [];

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('delivers every acknowledged record exactly once after the process is killed before its batch window closed', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '60000', LAKELINE_BATCH_SIZE: '10000' });
    const client = snsClient(child.snsUrl);
    const arn = topicArn('passengers');
    let next = 1;
    for (let message = 0; message < 10; message++) {
      await client.send(new PublishCommand({ TopicArn: arn, Message: JSON.stringify(record(next++)) }));
    }
    for (let batch = 0; batch < 5; batch++) {
      const entries = Array.from({ length: 10 }, (_, entry) => {
        const records = Array.from({ length: 4 }, () => record(next++));
        return { Id: `e${entry}`, Message: JSON.stringify(records) };
      });
      const answer = await client.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: entries }));
      expect(answer.Successful).toHaveLength(10);
    }
    client.destroy();
    const published = next - 1;

    // Act
    child.child.kill('SIGKILL');
    const exit = await exitOf(child.child);
    const storedBeforeRestart = await readLakeLines(`${dataDir}/lake`, 'raw/passengers');
    const restarted = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0, batchWindowMs: 50 });
    await restarted.flush();
    const { rows } = await queryAllRows(restarted.apiUrl, 'passengers', {
      from: DAY,
      to: DAY,
      limit: '1000',
      columns: 'passenger_id,lakeline_message_id',
    });
    await restarted.stop();

    // Assert
    expect(exit.signal).toBe('SIGKILL');
    expect(storedBeforeRestart).toHaveLength(0);
    expect(rows).toHaveLength(published);
    expect(new Set(rows.map((row) => row.passenger_id)).size).toBe(published);
  });

  it('flushes in-flight batches on SIGTERM and exits 0', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const child = await spawnLocalMode({ LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '60000', LAKELINE_BATCH_SIZE: '10000' });
    const client = snsClient(child.snsUrl);
    await client.send(new PublishCommand({ TopicArn: topicArn('passengers'), Message: JSON.stringify([record(1), record(2), record(3)]) }));
    client.destroy();

    // Act
    child.child.kill('SIGTERM');
    const exit = await exitOf(child.child);
    const stored = await readLakeLines(`${dataDir}/lake`, 'raw/passengers');

    // Assert
    expect(exit.code).toBe(0);
    expect(stored.map((line) => line.passenger_id).sort()).toEqual([1, 2, 3]);
  });

  it('fails with one line naming the port and its variable when the port is taken', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const running = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0 });
    const snsPort = new URL(running.snsUrl).port;

    // Act
    const attempt = spawnLocalMode({ LAKELINE_DATA_DIR: `${dataDir}-other`, LAKELINE_SNS_PORT: snsPort });
    const failure = await attempt.then(
      () => 'started',
      (error: Error) => error.message,
    );
    await running.stop();
    await rm(`${dataDir}-other`, { recursive: true, force: true });

    // Assert
    expect(failure).toContain('exited with 1');
    expect(failure).toContain(`lakeline: Port ${snsPort} (SNS endpoint) is already in use; set LAKELINE_SNS_PORT to a free port.`);
  });

  it('refuses a second local mode on the same data directory', async () => {
    // Prepare
    const dataDir = await temporaryDataDir();
    dirs.push(dataDir);
    const running = await startLocalMode({ dataDir, snsPort: 0, apiPort: 0 });

    // Act
    const second = startLocalMode({ dataDir, snsPort: 0, apiPort: 0 });
    const failure = await second.then(
      async (mode) => {
        await mode.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    await running.stop();

    // Assert
    expect(failure).toBe(
      `The data directory ${dataDir} is in use by process ${process.pid}; stop it or set LAKELINE_DATA_DIR to another directory.`,
    );
  });
});
