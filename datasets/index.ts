import type { DatasetDefinition } from '../lambdas/core/dataset';
import { passengers } from './passengers';

/** Every dataset Lakeline serves. Adding a definition here adds its topic, queue, function, table and API routes. */
export const datasets: readonly DatasetDefinition[] = [passengers];

export function findDataset(name: string): DatasetDefinition | undefined {
  return datasets.find((dataset) => dataset.name === name);
}
