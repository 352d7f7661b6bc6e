import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../local/cli/cli-context';
import { registerRedriveCommand } from '../../../local/cli/commands/redrive-command';
import { registerSmokeCommand, runSmoke, smokePassengerId } from '../../../local/cli/commands/smoke-command';

const silent = { out: () => {}, err: () => {} };

describe('smoke command', () => {
  it('draws passenger ids that are exact JSON numbers just below 2^53', () => {
    // Act
    const ids = Array.from({ length: 100 }, smokePassengerId);

    // Assert
    for (const id of ids) {
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).toBeGreaterThan(Number.MAX_SAFE_INTEGER - 2 ** 40 - 1);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a dataset other than passengers before publishing anything', async () => {
    // Act
    const smoke = runSmoke(
      { apiUrl: 'http://127.0.0.1:1', topicArn: 'arn:aws:sns:us-east-1:000000000000:x', timeoutSeconds: 1, dataset: 'flights' },
      silent,
    );

    // Assert
    await expect(smoke).rejects.toThrow(UsageError);
  });

  it('refuses a topic ARN that is not an ARN', async () => {
    // Act
    const smoke = runSmoke(
      { apiUrl: 'http://127.0.0.1:1', topicArn: 'lakeline-passengers', timeoutSeconds: 1, dataset: 'passengers' },
      silent,
    );

    // Assert
    await expect(smoke).rejects.toThrow(/--topic-arn is not an SNS topic ARN/);
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
      '--dataset',
    ]);
    expect(smoke?.opts()).toEqual({ timeoutSeconds: 120, dataset: 'passengers' });
    expect(redrive?.options.map((option) => option.long)).toEqual(
      expect.arrayContaining(['--dataset', '--stage', '--dlq-arn', '--queue-url', '--region', '--endpoint-url']),
    );
  });
});
