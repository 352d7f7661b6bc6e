import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolAvailable } from '../support/external-tool';
import { documentedCdkCommands } from './documented-commands';
import { buildLakelineApp, tempOutdir } from './synth-lakeline';

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[] };
}

const REGIONS = ['us-east-1', 'eu-west-1'];

/** Runs AWS's CloudFormation linter over `templates` in every region Lakeline documents and returns what it matched. */
function cfnLint(templates: readonly string[]): CfnLintMatch[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', ...REGIONS, '--', ...templates], { encoding: 'utf8' });
  if (run.stdout.trim() === '') throw new Error(`cfn-lint printed nothing (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as CfnLintMatch[];
}

/** Every template of every documented command line, synthesised with cdk.json's context, agnostic and in a concrete account. */
function documentedTemplates(): string[] {
  const distinct = new Map(documentedCdkCommands().map((command) => [JSON.stringify(command.context), command.context]));
  const templates = new Map<string, string>();
  for (const context of distinct.values()) {
    for (const target of [{}, { account: '123456789012', region: 'eu-west-1' }]) {
      const { app } = buildLakelineApp({ context, target });
      const assembly = app.synth();
      for (const stack of assembly.stacks) {
        // Identical templates (the same stack from two command lines) are linted once.
        const file = join(assembly.directory, stack.templateFile);
        templates.set(readFileSync(file, 'utf8'), file);
      }
    }
  }
  return [...templates.values()];
}

describe.skipIf(!toolAvailable('cfn-lint'))('cfn-lint over the synthesised templates', () => {
  it('finds no error and no warning in any template of any documented command line', () => {
    // Prepare
    const templates = documentedTemplates();

    // Act
    const matches = cfnLint(templates);

    // Assert
    expect(templates.length).toBeGreaterThanOrEqual(6);
    expect(matches.map((match) => `${match.Rule.Id} ${match.Location.Path.join('/')}: ${match.Message}`)).toEqual([]);
  }, 180_000);

  it('reports a template that breaks CloudFormation rules, so the check above can fail', () => {
    // Prepare
    const template = join(tempOutdir(), 'broken.template.json');
    writeFileSync(
      template,
      JSON.stringify({
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'soon' } },
          Function: { Type: 'AWS::Lambda::Function', DependsOn: ['Queue', 'Nothing'], Properties: { Runtime: 'nodejs22.x' } },
        },
      }),
    );

    // Act
    const matches = cfnLint([template]);

    // Assert
    const errors = matches.filter((match) => match.Level === 'Error').map((match) => match.Rule.Id);
    expect(errors).toEqual(expect.arrayContaining(['E3012', 'E3005', 'E3003']));
  }, 60_000);
});
