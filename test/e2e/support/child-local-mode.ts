import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildLocalMode {
  readonly child: ChildProcess;
  /** Ctrl-C as a terminal sends it: SIGINT to the child's whole process group (npm and the server it started). */
  interrupt(): void;
  readonly snsUrl: string;
  readonly apiUrl: string;
  output(): string;
}

/**
 * Runs the local mode in a process group of its own on free ports: by default `local/main.ts` in one Node process (no
 * wrapper, so a signal reaches the server itself); with `npmStart`, exactly what a user types, `npm start -- <args>`.
 */
export function spawnLocalMode(
  env: Record<string, string>,
  args: readonly string[] = [],
  options: { readonly npmStart?: boolean } = {},
): Promise<ChildLocalMode> {
  const [command, commandArgs] = options.npmStart
    ? ['npm', ['start', '--silent', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'local/main.ts', ...args]];
  const child = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: { ...process.env, LAKELINE_SNS_PORT: '0', LAKELINE_API_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const interrupt = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
  };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local mode did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const sns = /SNS endpoint\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const api = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (sns?.[1] && api?.[1] && output.includes('Try it:')) {
        clearTimeout(timer);
        resolve({ child, interrupt, snsUrl: sns[1], apiUrl: api[1], output: () => output });
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local mode exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
