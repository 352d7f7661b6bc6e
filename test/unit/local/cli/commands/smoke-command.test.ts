import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { smokeChecks } from '../../../../../datasets/smoke-checks';
import { createRecordValidator } from '../../../../../lambdas/core/record-validator';
import { registerRedriveCommand } from '../../../../../local/cli/commands/redrive-command';
import { registerSmokeCommand, runSmoke, smokeSequence } from '../../../../../local/cli/commands/smoke-command';

const silent = { out: () => {}, err: () => {} };
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:lakeline-prod-smoke_checks';

describe('smoke command', () => {
  const sns = mockClient(SNSClient);

  afterEach(() => {
    sns.reset();
    vi.unstubAllGlobals();
  });

  it('draws sequences that are exact JSON numbers just below 2^53', () => {
    // Act
    const sequences = Array.from({ length: 100 }, smokeSequence);

    // Assert
    for (const sequence of sequences) {
      expect(Number.isSafeInteger(sequence)).toBe(true);
      expect(sequence).toBeGreaterThan(Number.MAX_SAFE_INTEGER - 2 ** 40 - 1);
    }
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('publishes a valid smoke_checks record and queries smoke_checks for its check id, never a user dataset', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const requested: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      requested.push(new URL(url));
      const message = JSON.parse(String(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message));
      return Response.json({ rows: [message], queryId: 'q-1' });
    });

    // Act
    const result = await runSmoke({ apiUrl: 'https://api.example.com/prod/', apiKey: 'k', topicArn, timeoutSeconds: 5 }, silent);

    // Assert
    expect(result).toMatchObject({ ok: true });
    const [publish] = sns.commandCalls(PublishCommand);
    expect(publish?.args[0].input.TopicArn).toBe(topicArn);
    const record = JSON.parse(String(publish?.args[0].input.Message));
    expect(Object.keys(record).sort()).toEqual(smokeChecks.columns.map((column) => column.name).sort());
    expect(record).toMatchObject({ check_id: result.checkId, sequence: Number(result.sequence) });
    expect(createRecordValidator(smokeChecks)(record)).toMatchObject({ ok: true, droppedFields: [] });
    expect(requested.map((url) => url.pathname)).toEqual(['/prod/v1/datasets/smoke_checks/records']);
    expect(requested[0]?.searchParams.get('check_id')).toBe(result.checkId);
  });

  it('refuses a topic ARN that is not an ARN', async () => {
    // Act
    const smoke = runSmoke({ apiUrl: 'http://127.0.0.1:1', topicArn: 'lakeline-smoke_checks', timeoutSeconds: 1 }, silent);

    // Assert
    await expect(smoke).rejects.toThrow(/--topic-arn is not an SNS topic ARN/);
  });

  it("refuses a user dataset's topic before publishing anything", async () => {
    // Act
    const smoke = runSmoke(
      { apiUrl: 'http://127.0.0.1:1', topicArn: 'arn:aws:sns:eu-west-1:123456789012:lakeline-prod-passengers', timeoutSeconds: 1 },
      silent,
    );

    // Assert
    await expect(smoke).rejects.toThrow(
      '--topic-arn must be the smoke_checks topic (stack output SmokeChecksTopicArn), got "lakeline-prod-passengers"',
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('registers smoke and redrive with the documented options and local defaults', () => {
    // Prepare
    const program = new Command('lakeline');

    // Act
    registerSmokeCommand(program);
    registerRedriveCommand(program);

    // Assert
    const smoke = program.commands.find((command) => command.name() === 'smoke');
    const redrive = program.commands.find((command) => command.name() === 'redrive');
    expect(smoke?.options.map((option) => option.long)).toEqual([
      '--api-url',
      '--api-key',
      '--topic-arn',
      '--region',
      '--endpoint-url',
      '--timeout-seconds',
    ]);
    expect(smoke?.options.find((option) => option.long === '--topic-arn')?.description).toMatch(/smoke_checks/);
    expect(smoke?.opts()).toEqual({ timeoutSeconds: 120 });
    expect(redrive?.options.map((option) => option.long)).toEqual(
      expect.arrayContaining(['--dataset', '--stage', '--dlq-arn', '--queue-url', '--region', '--endpoint-url']),
    );
  });
});
