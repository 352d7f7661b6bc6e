import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { stageNamePrefix } from './resource-names';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

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
}

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Resolves the `stage` context value (default `dev`); anything but dev|prod throws with the accepted values. */
export function stageConfig(stage: unknown = 'dev'): StageConfig {
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
  };
}
