import { resolve } from 'node:path';

export interface LocalConfig {
  readonly snsPort: number;
  readonly apiPort: number;
  readonly dataDir: string;
  /** Messages per SQS event handed to the ingest handler (`LAKELINE_BATCH_SIZE`, default 100). */
  readonly batchSize: number;
  /** How long a batch may wait to fill (`LAKELINE_BATCH_WINDOW_MS`, default 500). */
  readonly batchWindowMs: number;
}

export const DEFAULT_SNS_PORT = 4566;
export const DEFAULT_API_PORT = 3000;
export const DEFAULT_DATA_DIR = './.lakeline';
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_BATCH_WINDOW_MS = 500;

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function integerFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** Reads the local-mode settings from the environment; throws a one-line message on a bad value. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const dataDir = env.LAKELINE_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return {
    snsPort: portFrom(env, 'LAKELINE_SNS_PORT', DEFAULT_SNS_PORT),
    apiPort: portFrom(env, 'LAKELINE_API_PORT', DEFAULT_API_PORT),
    dataDir: resolve(dataDir),
    batchSize: integerFrom(env, 'LAKELINE_BATCH_SIZE', DEFAULT_BATCH_SIZE, 1, 10_000),
    batchWindowMs: integerFrom(env, 'LAKELINE_BATCH_WINDOW_MS', DEFAULT_BATCH_WINDOW_MS, 0, 300_000),
  };
}
