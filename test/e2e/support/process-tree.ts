import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

function psPids(args: readonly string[]): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', ...args], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    // ps exits 1 when no process matches.
    return [];
  }
}

/** Whether `pid` is a process that has not exited (a zombie has exited; it only waits to be reaped). */
function isLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every descendant of `pid`, children first. */
export function descendantsOf(pid: number): number[] {
  const children = psPids(['--ppid', String(pid)]);
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** The command line of `pid`, its arguments joined by spaces. */
export function commandLineOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

/** Of `pids` and of the members of process group `group`, those still running. */
export function stillRunning(pids: readonly number[], group: number): number[] {
  return [...new Set([...pids, ...psPids(['-g', String(group)])])].filter(isLive);
}

/** Whether a new server can listen on 127.0.0.1:`port`. */
export function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
