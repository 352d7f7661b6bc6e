/** Reading a Lambda's configuration from its environment once, at load, failing fast with the variable's name. */

export type Environment = Readonly<Record<string, string | undefined>>;

export function requiredSetting(env: Environment, name: string, functionName: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new Error(`Environment variable ${name} is required by the ${functionName} function`);
  return value;
}

/** The largest value a setting accepts and, when there is one worth stating, why. */
export interface SettingMaximum {
  readonly value: number;
  readonly reason?: string;
}

const DECIMAL_INTEGER = /^-?\d+$/;

function lowestAccepted(min: number): string {
  if (min === 0) return 'a non-negative integer';
  if (min === 1) return 'a positive integer';
  return `an integer of at least ${min}`;
}

/**
 * A base-10 integer of at least `min` and at most `maximum`, or the fallback when the variable is unset or blank.
 * Only digits (and a leading minus) are read, so `1e3`, `0x10` or `7.0` are refused rather than guessed at.
 */
export function boundedIntegerSetting(env: Environment, name: string, fallback: number, min: number, maximum?: SettingMaximum): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const trimmed = text.trim();
  const value = DECIMAL_INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`Environment variable ${name} must be ${lowestAccepted(min)}, got "${text}"`);
  if (maximum && value > maximum.value) {
    const reason = maximum.reason === undefined ? '' : ` (${maximum.reason})`;
    throw new Error(`Environment variable ${name} must be at most ${maximum.value}${reason}, got "${text}"`);
  }
  return value;
}

/** A whole number of at least 1 (or 0 when `allowZero`) and at most `maximum`, or the fallback when the variable is unset. */
export function integerSetting(env: Environment, name: string, fallback: number, allowZero = false, maximum?: SettingMaximum): number {
  return boundedIntegerSetting(env, name, fallback, allowZero ? 0 : 1, maximum);
}

/** Defaults of the query function's settings, shared by its Lambda entry and the CDK construct that sets them. */
export const QUERY_SETTING_DEFAULTS = {
  /** QUERY_WAIT_BUDGET_MS: below API Gateway's 29 s integration timeout. */
  waitBudgetMs: 20_000,
  /** QUERY_MAX_RANGE_DAYS */
  maxRangeDays: 31,
  /**
   * RESULT_REUSE_MAX_AGE_MINUTES: off by default. Athena's page on reuse says a result is reused when "query strings
   * match as determined by Athena" and does not say that `ExecutionParameters` take part in that match
   * (https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html); every records query has the same text
   * for every filter value, so two requests that differ only in a value could share a result. Set it (1 to the
   * 5-minute freshness objective, core/result-reuse.ts) once the runbook's first-deploy check has shown that Athena
   * keeps such queries apart.
   */
  resultReuseMaxAgeMinutes: 0,
  /** QUERY_MAX_RESULT_ROWS: the most rows one records request makes the engine materialise (core/records-query.ts). */
  maxResultRows: 100_000,
  /**
   * QUERY_RESULT_RETENTION_DAYS: how long Athena's results stay readable, so how long a nextToken works: the results
   * bucket's lifecycle rule deletes them this many days after they were written (lib/constructs/query-api.ts,
   * `resultExpirationDays`, default 7; S3 rounds the expiry up to the next midnight UTC, so they live at least that
   * long: https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html).
   */
  resultRetentionDays: 7,
} as const;
