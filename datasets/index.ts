import type { DatasetDefinition } from '../lambdas/core/dataset';
import { passengers } from './passengers';
import { smokeChecks } from './smoke-checks';

/**
 * Every dataset Lakeline serves. Adding a definition here adds its topic, queue, function, table and API routes.
 * `smoke_checks` is where the deploy smoke test writes, so that it never writes into a user's dataset.
 */
export const datasets: readonly DatasetDefinition[] = [passengers, smokeChecks];

export function findDataset(name: string): DatasetDefinition | undefined {
  return datasets.find((dataset) => dataset.name === name);
}
