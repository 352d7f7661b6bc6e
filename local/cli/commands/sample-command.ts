import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { sampleRecords } from '../../sample/sample-records';
import { datasetNamed, positiveInteger } from '../cli-context';

interface SampleFlags {
  dataset: string;
  records: number;
  days: number;
  seed: number;
  out?: string;
}

async function writeSample(flags: SampleFlags): Promise<void> {
  const records = sampleRecords(datasetNamed(flags.dataset), { records: flags.records, days: flags.days, seed: flags.seed });
  const text = records.length === 0 ? '' : `${records.join('\n')}\n`;
  if (flags.out) {
    await writeFile(flags.out, text);
    console.error(`${records.length} ${flags.dataset} records over ${flags.days} days written to ${flags.out}`);
  } else {
    process.stdout.write(text);
  }
}

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('Generate realistic sample records as NDJSON (for demos and benchmarks).')
    .requiredOption('--dataset <name>', 'dataset to generate records for')
    .option('--records <n>', 'number of records', positiveInteger('--records'), 1000)
    .option('--days <n>', 'spread the records over the last n UTC days (today included)', positiveInteger('--days'), 7)
    .option('--seed <n>', 'random seed (same seed, same records)', positiveInteger('--seed'), 1)
    .option('--out <file>', 'write to a file instead of stdout')
    .action((flags: SampleFlags) => writeSample(flags));
}
