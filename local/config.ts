import { resolve } from 'node:path';
import { DEFAULT_COMPACTION_LAG_HOURS } from '../lambdas/core/compaction-plan';
import { boundedIntegerSetting } from '../lambdas/core/environment';

export interface LocalConfig {
  readonly snsPort: number;
  readonly apiPort: number;
  readonly dataDir: string;
  /** Messages per SQS event handed to the ingest handler (`LAKELINE_BATCH_SIZE`, default 100). */
  readonly batchSize: number;
  /** How long a batch may wait to fill (`LAKELINE_BATCH_WINDOW_MS`, default 500). */
  readonly batchWindowMs: number;
  /** Seconds between compaction runs over every dataset (`LAKELINE_COMPACTION_INTERVAL_SECONDS`, default 300; 0 = never). */
  readonly compactionIntervalSeconds: number;
  /** Hours after its end (UTC) before a day is compacted (`LAKELINE_COMPACTION_LAG_HOURS`, default 3). */
  readonly compactionLagHours: number;
}

export const DEFAULT_SNS_PORT = 4566;
export const DEFAULT_API_PORT = 3000;
export const DEFAULT_DATA_DIR = './.lakeline';
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_BATCH_WINDOW_MS = 500;
export const DEFAULT_COMPACTION_INTERVAL_SECONDS = 300;

/** The largest TCP port number (RFC 793: a 16-bit field). */
const PORT_MAXIMUM = { value: 65_535, reason: 'the largest TCP port number' };

/** Reads the local-mode settings from the environment; throws a one-line message on a bad value. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const dataDir = env.LAKELINE_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return {
    snsPort: boundedIntegerSetting(env, 'LAKELINE_SNS_PORT', DEFAULT_SNS_PORT, 0, PORT_MAXIMUM),
    apiPort: boundedIntegerSetting(env, 'LAKELINE_API_PORT', DEFAULT_API_PORT, 0, PORT_MAXIMUM),
    dataDir: resolve(dataDir),
    batchSize: boundedIntegerSetting(env, 'LAKELINE_BATCH_SIZE', DEFAULT_BATCH_SIZE, 1, { value: 10_000 }),
    batchWindowMs: boundedIntegerSetting(env, 'LAKELINE_BATCH_WINDOW_MS', DEFAULT_BATCH_WINDOW_MS, 0, { value: 300_000 }),
    compactionIntervalSeconds: boundedIntegerSetting(env, 'LAKELINE_COMPACTION_INTERVAL_SECONDS', DEFAULT_COMPACTION_INTERVAL_SECONDS, 0, {
      value: 86_400,
      reason: 'one day',
    }),
    compactionLagHours: boundedIntegerSetting(env, 'LAKELINE_COMPACTION_LAG_HOURS', DEFAULT_COMPACTION_LAG_HOURS, 0, {
      value: 168,
      reason: 'seven days',
    }),
  };
}
