import { Command, CommanderError } from 'commander';
import { UsageError } from './cli-context';
import { registerCompactCommand } from './commands/compact-command';
import { registerPublishCommand } from './commands/publish-command';
import { registerQueryCommand } from './commands/query-command';
import { registerRedriveCommand } from './commands/redrive-command';
import { registerSampleCommand } from './commands/sample-command';
import { registerSmokeCommand } from './commands/smoke-command';

/** Each subcommand lives in its own module under ./commands; adding one is one import and one entry here. */
const commands: readonly ((program: Command) => void)[] = [
  registerPublishCommand,
  registerSampleCommand,
  registerQueryCommand,
  registerSmokeCommand,
  registerRedriveCommand,
  registerCompactCommand,
];

export function buildProgram(): Command {
  const program = new Command('lakeline').description('Publish to and query Lakeline (local mode by default, AWS with explicit options).');
  program.exitOverride();
  for (const register of commands) register(program);
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    console.error(`lakeline: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

await main(process.argv);
