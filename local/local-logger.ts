import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
const isLevel = (value: string): value is (typeof LEVELS)[number] => (LEVELS as readonly string[]).includes(value);

/**
 * The local mode's log level: `LAKELINE_LOG_LEVEL`, else Powertools' own `POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL`, else
 * WARN, so that only warnings and errors reach the console unless asked for. A value that is no level is skipped.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#log-levels
 */
export function localLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  for (const name of ['LAKELINE_LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL']) {
    const value = env[name]?.trim().toUpperCase();
    if (value && isLevel(value)) return value;
  }
  return 'WARN';
}

/** A Powertools logger at the local mode's log level. */
export function localLogger(serviceName: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return new Logger({ serviceName, logLevel: localLogLevel(env) });
}
