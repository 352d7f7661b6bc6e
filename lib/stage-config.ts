import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { stageNamePrefix } from './resource-names';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/**
 * cdk.json context key holding each stage's settings. Every deploy reads cdk.json from the checkout, by hand or by the
 * pipeline, so what is configured there survives every deploy; a one-off `-c` value would be dropped by the next one.
 * A `-c` value takes precedence over cdk.json's (https://docs.aws.amazon.com/cdk/v2/guide/get-context-var.html), so
 * overriding this key on the command line is refused as well.
 */
export const STAGE_SETTINGS_CONTEXT_KEY = 'lakeline:stages';

/** What a stage's entry in cdk.json's `lakeline:stages` holds. */
export interface StageSettings {
  /**
   * Addresses subscribed to the stage's alarm topic. Each must confirm the mail SNS sends before it receives alarms
   * (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
   */
  readonly alarmEmails: readonly string[];
  /**
   * Days after which raw objects expire (S3 lifecycle, by creation time); absent: never, the default, because raw is
   * the source every compacted day is rebuilt from. At least MIN_RAW_EXPIRATION_DAYS.
   */
  readonly rawExpirationDays?: number;
}

/**
 * Fewest days a raw object may be kept: a day is compacted within hours of its end, and a month leaves time to
 * repair a failing compaction (it alarms) before the raw objects it needs expire.
 */
export const MIN_RAW_EXPIRATION_DAYS = 30;

/** What differs between stages; everything else is identical. */
export interface StageConfig {
  readonly stage: StageName;
  /** Prefix of physical names: `lakeline-<stage>`. */
  readonly namePrefix: string;
  /** Glue database: `lakeline_<stage>`. */
  readonly glueDatabaseName: string;
  /** Keep data (buckets, queues, tables, logs) when the stack is deleted, and turn on deletion protection. */
  readonly retainData: boolean;
  readonly logRetention: RetentionDays;
  readonly alarmEmails: readonly string[];
  readonly rawExpirationDays?: number;
}

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Resolves the `stage` context value (default `dev`); anything but dev|prod throws with the accepted values. */
export function stageConfig(stage: unknown = 'dev', settings: StageSettings = { alarmEmails: [] }): StageConfig {
  if (!isStageName(stage)) {
    throw new Error(`Unknown stage ${JSON.stringify(stage)}: pass -c stage=dev or -c stage=prod`);
  }
  const prod = stage === 'prod';
  return {
    stage,
    namePrefix: stageNamePrefix(stage),
    glueDatabaseName: `lakeline_${stage}`,
    retainData: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    alarmEmails: settings.alarmEmails,
    ...(settings.rawExpirationDays === undefined ? {} : { rawExpirationDays: settings.rawExpirationDays }),
  };
}

/**
 * The stage config from the app's context: `stage` from the command line, the stage's settings from cdk.json.
 * `-c alarmEmail` is refused: subscribers given only on one command line were removed by the next deploy without it.
 */
export function stageConfigFromContext(context: (key: string) => unknown): StageConfig {
  const stage: unknown = context('stage') ?? 'dev';
  const config = stageConfig(stage);
  const where = `cdk.json's context, "${STAGE_SETTINGS_CONTEXT_KEY}" → "${config.stage}" → "alarmEmails"`;
  if (context('alarmEmail') !== undefined) {
    throw new Error(
      `-c alarmEmail is not accepted: alarm subscribers are configured in ${where} (a list of addresses), ` +
        'so that every deploy, by hand or by the pipeline, keeps them. Add the address there and commit it.',
    );
  }
  return stageConfig(config.stage, readStageSettings(context(STAGE_SETTINGS_CONTEXT_KEY), config.stage));
}

/** Validates cdk.json's `lakeline:stages` and answers the entry of `stage`; every problem throws, naming the setting. */
export function readStageSettings(value: unknown, stage: StageName): StageSettings {
  const key = `"${STAGE_SETTINGS_CONTEXT_KEY}"`;
  // `-c key=value` hands the app the text after `=` (https://docs.aws.amazon.com/cdk/v2/guide/get-context-var.html);
  // only cdk.json's context can give an object.
  if (!isRecord(value)) {
    throw new Error(`${key} must be an object in cdk.json's context (one entry per stage), got ${JSON.stringify(value)}`);
  }
  for (const name of Object.keys(value)) {
    if (!isStageName(name)) throw new Error(`${key} in cdk.json names unknown stage "${name}"; stages: ${STAGES.join(', ')}`);
  }
  const entry = value[stage];
  if (!isRecord(entry)) throw new Error(`${key} in cdk.json has no "${stage}" entry: add "${stage}": { "alarmEmails": [] }`);
  for (const name of Object.keys(entry)) {
    if (!STAGE_SETTING_NAMES.includes(name))
      throw new Error(`${key} → "${stage}" in cdk.json has unknown setting "${name}"; settings: ${STAGE_SETTING_NAMES.join(', ')}`);
  }
  const alarmEmails: unknown = entry.alarmEmails ?? [];
  if (!Array.isArray(alarmEmails)) throw new Error(`${key} → "${stage}" → "alarmEmails" in cdk.json must be a list of e-mail addresses`);
  const seen = new Set<string>();
  for (const address of alarmEmails as unknown[]) {
    if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(address)) {
      throw new Error(`${key} → "${stage}" → "alarmEmails" in cdk.json: ${JSON.stringify(address)} is not an e-mail address`);
    }
    if (seen.has(address)) throw new Error(`${key} → "${stage}" → "alarmEmails" in cdk.json lists "${address}" twice`);
    seen.add(address);
  }
  const rawExpirationDays: unknown = entry.rawExpirationDays;
  if (
    rawExpirationDays !== undefined &&
    (typeof rawExpirationDays !== 'number' || !Number.isInteger(rawExpirationDays) || rawExpirationDays < MIN_RAW_EXPIRATION_DAYS)
  ) {
    throw new Error(
      `${key} → "${stage}" → "rawExpirationDays" in cdk.json must be a whole number of days from ${MIN_RAW_EXPIRATION_DAYS}, ` +
        `or be left out to keep raw objects for good; got ${JSON.stringify(rawExpirationDays)}`,
    );
  }
  return { alarmEmails: [...seen], ...(rawExpirationDays === undefined ? {} : { rawExpirationDays }) };
}

const STAGE_SETTING_NAMES = ['alarmEmails', 'rawExpirationDays'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
