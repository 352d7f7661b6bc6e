/**
 * A process manager stops `npm start` by signalling the process it started (npm), or the server process itself. Either
 * way the local mode delivers what is queued, releases its ports and exits 0, and no process is left behind.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { topicArn } from '../../local/topics';
import { exitOf, spawnLocalMode } from './support/child-local-mode';
import { readLakeLines, snsClient, temporaryDataDir } from './support/local-mode-fixture';
import { canListenOn, commandLineOf, descendantsOf, stillRunning } from './support/process-tree';

const DAY = '2025-04-04';

describe('stopping npm start with a signal', () => {
  const dirs: string[] = [];

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['SIGTERM', 'npm'],
    ['SIGINT', 'npm'],
    ['SIGTERM', 'node'],
    ['SIGINT', 'node'],
  ] as const)(
    '%s to the %s process delivers what is queued, frees both ports, exits 0 and leaves no process behind',
    async (signal, target) => {
      // Prepare
      const dataDir = await temporaryDataDir();
      dirs.push(dataDir);
      const started = await spawnLocalMode(
        { LAKELINE_DATA_DIR: dataDir, LAKELINE_BATCH_WINDOW_MS: '60000', LAKELINE_BATCH_SIZE: '10000' },
        [],
        { npmStart: true },
      );
      const npmPid = started.child.pid ?? 0;
      const client = snsClient(started.snsUrl);
      const record = { passenger_id: 4, flight_id: 44, name: 'Queued Stop', seat_number: '4D', boarded_at: `${DAY}T04:04:04.000Z` };
      await client.send(new PublishCommand({ TopicArn: topicArn('passengers'), Message: JSON.stringify(record) }));
      client.destroy();
      const descendants = descendantsOf(npmPid);
      const serverPid = descendants.find((pid) => commandLineOf(pid).includes('local/main.ts'));
      const ports = [new URL(started.snsUrl).port, new URL(started.apiUrl).port].map(Number);

      // Act
      process.kill(target === 'npm' ? npmPid : (serverPid ?? 0), signal);
      const exit = await exitOf(started.child);
      const stored = await readLakeLines(join(dataDir, 'lake'), 'raw/passengers');
      const freePorts = await Promise.all(ports.map(canListenOn));
      const left = stillRunning(descendants, npmPid);
      for (const pid of left) process.kill(pid, 'SIGKILL');

      // Assert
      expect(serverPid).toBeDefined();
      expect(exit).toEqual({ code: 0, signal: null });
      expect(stored.map((line) => line.passenger_id)).toEqual([4]);
      expect(freePorts).toEqual([true, true]);
      expect(left).toEqual([]);
      await expect(readFile(join(dataDir, 'lakeline.pid'), 'utf8')).rejects.toThrow();
    },
    60_000,
  );
});
