import { describe, expect, it } from 'vitest';
import { documentedCdkCommands } from './documented-commands';
import { buildLakelineApp } from './synth-lakeline';
import { synthFindings } from './validation-findings';

/** As `cdk deploy` resolves them from the credentials, and as `cdk synth` leaves them without any (environment-agnostic). */
const TARGETS = [
  { name: 'environment-agnostic', target: {} },
  { name: 'in 123456789012/eu-west-1', target: { account: '123456789012', region: 'eu-west-1' } },
  { name: 'in 123456789012/us-east-1', target: { account: '123456789012', region: 'us-east-1' } },
];

const commands = documentedCdkCommands();
const distinct = [...new Map(commands.map((command) => [JSON.stringify([command.context, command.stacks]), command])).values()];

describe('every cdk command line the README, the runbook and the workflows give', () => {
  it('is found in the documents (dev, prod, the deploy-role stack and an existing OIDC provider)', () => {
    expect(commands.map((command) => command.context.stage)).toEqual(expect.arrayContaining(['dev', 'prod']));
    expect(commands.some((command) => command.stacks.includes('LakelineGitHubDeploy'))).toBe(true);
    expect(commands.some((command) => command.context.existingOidcProviderArn !== undefined)).toBe(true);
  });

  describe.each(distinct)('$source: $text', (command) => {
    it.each(TARGETS)('synthesises with cdk.json context and no unacknowledged finding $name', ({ target }) => {
      // Prepare
      const { app } = buildLakelineApp({ context: command.context, target, nag: true });

      // Act
      const findings = synthFindings(app);
      const stackNames = app.node.children.map((child) => child.node.id);

      // Assert
      expect(findings).toEqual([]);
      for (const stack of command.stacks) expect(stackNames).toContain(stack);
    });
  });
});
