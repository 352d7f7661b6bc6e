import { spawnSync } from 'node:child_process';

/**
 * Whether a command-line tool the suite drives (cfn-lint, moto_server, the AWS CLI) answers `probe` (`--version`). A developer
 * machine without it skips those tests; in CI (`CI` set) a missing tool fails the run instead, so a check can never
 * pass by not running.
 */
export function toolAvailable(command: string, probe: readonly string[] = ['--version']): boolean {
  const found = spawnSync(command, probe, { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI) throw new Error(`${command} is required in CI but is not installed (.ci/run installs or checks it)`);
  return found;
}
