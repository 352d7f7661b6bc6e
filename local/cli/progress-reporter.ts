import { format } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';

export interface ProgressReporter {
  update(value: number, payload: Record<string, unknown>): void;
  /** Draws the final state and hands stderr, warnings and console output back. */
  stop(): void;
}

export interface ProgressOptions {
  readonly stream: NodeJS.WriteStream;
  /** cli-progress format string ({bar}, {value}, {total}, {duration} and the payload's keys). */
  readonly format: string;
  readonly total: number;
  readonly payload: Record<string, unknown>;
}

const NO_PROGRESS: ProgressReporter = { update: () => {}, stop: () => {} };

/** Node's own rendering of a process warning, e.g. `(node:42) Warning: message`. */
function warningText(warning: Error & { code?: string }): string {
  return `(node:${process.pid}) ${warning.code ? `[${warning.code}] ` : ''}${warning.name}: ${warning.message}\n`;
}

/**
 * A progress bar on a terminal (nothing otherwise). A process warning (the AWS SDK's Node version notice, for one) or
 * console.warn/console.error output written while the bar is drawn would land in the middle of the bar line, so while
 * it runs they are written above the bar, which is then drawn again below them.
 */
export function startProgress(options: ProgressOptions): ProgressReporter {
  if (!options.stream.isTTY) return NO_PROGRESS;
  const bars = new MultiBar({ format: options.format, stream: options.stream }, Presets.shades_classic);
  const bar = bars.create(options.total, 0, options.payload);
  const above = (text: string) => {
    bars.log(text.endsWith('\n') ? text : `${text}\n`);
    bars.update();
  };

  // Node prints warnings from its own 'warning' listener, absent when warnings are turned off (--no-warnings).
  const warningListeners = process.listeners('warning');
  const onWarning = (warning: Error) => {
    if (warningListeners.length > 0) above(warningText(warning));
  };
  for (const listener of warningListeners) process.removeListener('warning', listener);
  process.on('warning', onWarning);
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => above(format(...args));
  console.error = (...args: unknown[]) => above(format(...args));

  return {
    update: (value, payload) => bar.update(value, payload),
    stop: () => {
      bars.update();
      bars.stop();
      console.warn = warn;
      console.error = error;
      process.removeListener('warning', onWarning);
      for (const listener of warningListeners) process.on('warning', listener);
    },
  };
}
