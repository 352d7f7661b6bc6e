import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import { rawDatasetPrefix } from '../../lambdas/core/lake-keys';
import { snsClientFor } from '../cli/cli-context';
import type { LocalMode } from '../local-mode';
import { packRecords } from '../publish/message-packer';
import { publishBatches } from '../publish/publisher';
import { sampleRecords } from './sample-records';

export const SAMPLE_RECORDS = 1000;
export const SAMPLE_DAYS = 7;

async function hasRawData(mode: LocalMode, dataset: DatasetDefinition): Promise<boolean> {
  const entries = await readdir(join(mode.lakeDir, rawDatasetPrefix(dataset.name)), { recursive: true }).catch(() => []);
  return entries.some((entry) => String(entry).endsWith('.json.gz'));
}

/**
 * Publishes sample records for every dataset whose lake is still empty, through the local SNS endpoint like any
 * publisher, and waits until they are stored. Answers how many records were loaded per dataset (0 = already had data).
 */
export async function loadSampleData(mode: LocalMode): Promise<Map<string, number>> {
  const loaded = new Map<string, number>();
  const client = snsClientFor({ local: true, endpointUrl: mode.snsUrl });
  try {
    for (const dataset of mode.datasets) {
      if (await hasRawData(mode, dataset)) {
        loaded.set(dataset.name, 0);
        continue;
      }
      const records = sampleRecords(dataset, { records: SAMPLE_RECORDS, days: SAMPLE_DAYS });
      const { batches } = packRecords(records, { recordsPerMessage: 50 });
      const summary = await publishBatches(client, batches, { topicArn: mode.topicArn(dataset.name), concurrency: 4 });
      if (summary.failed > 0)
        throw new Error(`${summary.failed} sample records were not accepted: ${[...summary.errors.keys()].join('; ')}`);
      loaded.set(dataset.name, summary.accepted);
    }
    await mode.flush();
    return loaded;
  } finally {
    client.destroy();
  }
}
