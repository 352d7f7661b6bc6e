import type { Command } from 'commander';
import type { CompactionAnswer } from '../../api/compaction-control';
import { COMPACTIONS_PATH } from '../../api/compaction-control';
import { apiEndpoint, datasetNamed, localApiUrl } from '../cli-context';
import { ApiError } from '../query-client';
import { explainUnreachable } from '../unreachable-endpoint';

interface CompactFlags {
  dataset: string;
  day?: string;
  apiUrl?: string;
}

/**
 * Asks the running local mode to compact: it holds the lock of its data directory, so the compaction runs there,
 * through its local-only control endpoint on the API server.
 */
export async function requestCompaction(apiUrl: string, dataset: string, day?: string): Promise<CompactionAnswer> {
  const query = new URLSearchParams({ dataset, ...(day === undefined ? {} : { day }) });
  const response = await fetch(new URL(`${COMPACTIONS_PATH}?${query}`, apiUrl), { method: 'POST' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  if (response.status !== 200) throw new ApiError(response.status, body);
  return body as CompactionAnswer;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One line per compacted day, or one saying nothing was due. */
export function compactionLines(answer: CompactionAnswer): string[] {
  if (answer.reports.length === 0) return [`${answer.dataset}: nothing to compact`];
  return answer.reports.map((report) => {
    const rows = report.rows === undefined ? '' : `${counted(report.rows, 'row')}, `;
    const replaced = report.replacedRunId === undefined ? 'first run of the day' : `replaced run ${report.replacedRunId}`;
    const requests = report.requests > 0 ? `, ${counted(report.requests, 'late-record request')} answered` : '';
    return `${answer.dataset} ${report.day}: ${rows}run ${report.runId} (${replaced}${requests})`;
  });
}

async function runCompact(flags: CompactFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const apiUrl = flags.apiUrl ?? localApiUrl();
  const answer = await requestCompaction(apiUrl, flags.dataset, flags.day).catch((error: unknown) => {
    throw explainUnreachable(error, apiEndpoint(flags.apiUrl)) ?? error;
  });
  for (const line of compactionLines(answer)) console.log(line);
}

export function registerCompactCommand(program: Command): void {
  program
    .command('compact')
    .description(
      "Compact a dataset's closed days into ZSTD Parquet in the running local mode: the days never compacted or with " +
        'records stored after they ended, or only --day (again, if it already is).',
    )
    .requiredOption('--dataset <name>', 'dataset to compact')
    .option('--day <date>', 'compact only this closed day, YYYY-MM-DD')
    .option('--api-url <url>', 'the local mode API (default: the local API)')
    .action((flags: CompactFlags) => runCompact(flags));
}
