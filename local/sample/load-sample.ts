import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import { rawDatasetPrefix } from '../../lambdas/core/lake-keys';
import { snsClientFor } from '../cli/cli-context';
import type { LocalMode } from '../local-mode';
import { packRecords } from '../publish/message-packer';
import { publishBatches } from '../publish/publisher';
import { readSampleMarks, type SampleMarks, sampleMarksPath, writeSampleMarks } from './sample-marks';
import { sampleRecords } from './sample-records';

export const SAMPLE_RECORDS = 1000;
export const SAMPLE_DAYS = 7;

/** What `--sample` did for one dataset. */
export type SampleLoad =
  | { readonly dataset: string; readonly outcome: 'loaded'; readonly records: number; readonly besideExistingData: boolean }
  | { readonly dataset: string; readonly outcome: 'already-loaded'; readonly loadedAt: string };

async function hasRawData(mode: LocalMode, dataset: DatasetDefinition): Promise<boolean> {
  const entries = await readdir(join(mode.lakeDir, rawDatasetPrefix(dataset.name)), { recursive: true }).catch(() => []);
  return entries.some((entry) => String(entry).endsWith('.json.gz'));
}

/**
 * Publishes sample records for every dataset, through the local SNS endpoint like any publisher, and waits until they
 * are stored. A dataset that already has data gets the sample beside it. Loading is idempotent: a dataset whose sample
 * was loaded before (noted in `<dataDir>/sample-loaded.json`) and whose lake still holds data is left as it is.
 */
export async function loadSampleData(mode: LocalMode): Promise<SampleLoad[]> {
  const loads: SampleLoad[] = [];
  const marks: SampleMarks = { ...(await readSampleMarks(mode.dataDir)) };
  const client = snsClientFor({ local: true, endpointUrl: mode.snsUrl });
  try {
    for (const dataset of mode.datasets) {
      const hasData = await hasRawData(mode, dataset);
      const mark = marks[dataset.name];
      if (hasData && mark) {
        loads.push({ dataset: dataset.name, outcome: 'already-loaded', loadedAt: mark.loadedAt });
        continue;
      }
      const records = sampleRecords(dataset, { records: SAMPLE_RECORDS, days: SAMPLE_DAYS });
      const { batches } = packRecords(records, { recordsPerMessage: 50 });
      const summary = await publishBatches(client, batches, { topicArn: mode.topicArn(dataset.name), concurrency: 4 });
      if (summary.failed > 0)
        throw new Error(`${summary.failed} sample records were not accepted: ${[...summary.errors.keys()].join('; ')}`);
      marks[dataset.name] = { loadedAt: new Date().toISOString(), records: summary.accepted };
      await writeSampleMarks(mode.dataDir, marks);
      loads.push({ dataset: dataset.name, outcome: 'loaded', records: summary.accepted, besideExistingData: hasData });
    }
    await mode.flush();
    return loads;
  } finally {
    client.destroy();
  }
}

/** One line per dataset saying what `--sample` did. */
export function sampleLoadLines(loads: readonly SampleLoad[], dataDir: string): string[] {
  return loads.map((load) => {
    if (load.outcome === 'already-loaded')
      return `The sample ${load.dataset} records were loaded on ${load.loadedAt}; not loaded again (to reload, delete ${sampleMarksPath(dataDir)}).`;
    return load.besideExistingData
      ? `Loaded ${load.records} sample ${load.dataset} records beside the data already there.`
      : `Loaded ${load.records} sample ${load.dataset} records.`;
  });
}
