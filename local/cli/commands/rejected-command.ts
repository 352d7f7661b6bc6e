import type { Command } from 'commander';
import { rejectedRow } from '../../../lambdas/core/rejected-rows';
import type { JsonRow } from '../../../lambdas/core/result-typing';
import { datasetNamed, positiveInteger } from '../cli-context';
import { fetchPageForCli, pageSummary } from '../dataset-page';
import { formatTable } from '../table';

interface RejectedFlags {
  dataset: string;
  from?: string;
  to?: string;
  limit?: number;
  nextToken?: string;
  daily?: boolean;
  apiUrl?: string;
  apiKey?: string;
  json?: boolean;
}

/** Where records the ingest refuses after a publish was accepted can be read (the ingest validates asynchronously). */
export function rejectedHint(dataset: string): string {
  return `records refused by the ingest appear in \`lakeline rejected --dataset ${dataset}\` (GET /v1/datasets/${dataset}/rejected)`;
}

/** One table line per reason, so every reason of a record is seen. */
function tableRows(rows: readonly JsonRow[]): Record<string, unknown>[] {
  return rows.flatMap((row) => {
    const { reasons, ...rest } = rejectedRow(row);
    const list =
      Array.isArray(reasons) && reasons.length > 0 ? (reasons as { path: string; message: string }[]) : [{ path: '', message: '' }];
    return list.map((reason) => ({ ...rest, path: reason.path, reason: reason.message }));
  });
}

async function runRejected(flags: RejectedFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const parameters = new URLSearchParams();
  if (flags.from) parameters.set('from', flags.from);
  if (flags.to) parameters.set('to', flags.to);
  if (flags.limit !== undefined && !flags.daily) parameters.set('limit', String(flags.limit));
  if (flags.nextToken) parameters.set('nextToken', flags.nextToken);

  const page = await fetchPageForCli(flags, flags.dataset, flags.daily ? 'rejected/daily' : 'rejected', parameters);
  // A page read through the 202 poll path carries the engine's rows: shape them as the route does.
  const rows = flags.daily ? page.rows : (page.rows as JsonRow[]).map(rejectedRow);
  if (flags.json) {
    console.log(JSON.stringify({ ...page, rows }, null, 2));
    return;
  }
  console.log(formatTable(flags.daily ? rows : tableRows(rows as JsonRow[])));
  const what = flags.daily ? `${rows.length} days with rejected records` : `${rows.length} rejected records`;
  console.log(pageSummary(what, page));
}

export function registerRejectedCommand(program: Command): void {
  program
    .command('rejected')
    .description('Records the ingest refused, with every reason and the original text, through the HTTP API (local by default).')
    .requiredOption('--dataset <name>', 'dataset whose rejected records to read')
    .option('--from <date>', 'first receive date, YYYY-MM-DD (default: 6 days before --to)')
    .option('--to <date>', 'last receive date, YYYY-MM-DD (default: today, UTC)')
    .option('--limit <n>', 'records per page (1-1000)', positiveInteger('--limit'))
    .option('--next-token <token>', 'continue from a previous page')
    .option('--daily', 'count the rejected records per receive date instead')
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS, not locally)')
    .option('--json', 'print the JSON answer instead of a table')
    .action((flags: RejectedFlags) => runRejected(flags));
}
