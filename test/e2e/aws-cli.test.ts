import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolAvailable } from '../support/external-tool';
import { queryAllRows, startTestLocalMode } from './support/local-mode-fixture';

const run = promisify(execFile);

describe.skipIf(!toolAvailable('aws'))('the AWS CLI against the local SNS endpoint', () => {
  let mode: Awaited<ReturnType<typeof startTestLocalMode>>;
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

  beforeAll(async () => {
    mode = await startTestLocalMode();
  });

  afterAll(async () => {
    await mode.dispose();
  });

  it('publishes a record with `aws sns publish` that is then queryable', async () => {
    // Prepare
    const message = JSON.stringify({
      passenger_id: 4242,
      flight_id: 9,
      name: 'Cli User',
      seat_number: '9C',
      boarded_at: '2025-08-08T08:08:08Z',
    });

    // Act
    const { stdout } = await run(
      'aws',
      ['sns', 'publish', '--endpoint-url', mode.snsUrl, '--topic-arn', mode.topicArn('passengers'), '--message', message],
      { env },
    );
    await mode.flush();
    const { rows } = await queryAllRows(mode.apiUrl, 'passengers', { from: '2025-08-08', to: '2025-08-08' });

    // Assert
    expect(JSON.parse(stdout).MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows).toEqual([
      { passenger_id: 4242, flight_id: 9, name: 'Cli User', seat_number: '9C', boarded_at: '2025-08-08T08:08:08.000Z' },
    ]);
  });

  it('reports NotFound for an unknown topic with a non-zero exit', async () => {
    // Act
    const failure = await run(
      'aws',
      ['sns', 'publish', '--endpoint-url', mode.snsUrl, '--topic-arn', `${mode.topicArn('passengers')}-x`, '--message', '{}'],
      { env },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );

    // Assert
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('(NotFound)');
  });
});
