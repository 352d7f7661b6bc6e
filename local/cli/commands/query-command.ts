import type { Command } from 'commander';
import { datasetNamed, positiveInteger, UsageError } from '../cli-context';
import { fetchPageForCli, pageSummary } from '../dataset-page';
import { formatTable } from '../table';

interface QueryFlags {
  dataset: string;
  from?: string;
  to?: string;
  filter: string[];
  columns?: string;
  limit?: number;
  nextToken?: string;
  apiUrl?: string;
  apiKey?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

async function runQuery(flags: QueryFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const parameters = new URLSearchParams();
  if (flags.from) parameters.set('from', flags.from);
  if (flags.to) parameters.set('to', flags.to);
  for (const filter of flags.filter) {
    const separator = filter.indexOf('=');
    if (separator <= 0) throw new UsageError(`--filter must look like column=value, got "${filter}"`);
    parameters.append(filter.slice(0, separator), filter.slice(separator + 1));
  }
  if (flags.columns) parameters.set('columns', flags.columns);
  if (flags.limit !== undefined) parameters.set('limit', String(flags.limit));
  if (flags.nextToken) parameters.set('nextToken', flags.nextToken);

  const page = await fetchPageForCli(flags, flags.dataset, 'records', parameters);
  if (flags.json) {
    console.log(JSON.stringify(page, null, 2));
    return;
  }
  console.log(formatTable(page.rows));
  console.log(pageSummary(`${page.rows.length} rows`, page));
}

export function registerQueryCommand(program: Command): void {
  program
    .command('query')
    .description('Query a dataset through the HTTP API (local by default) and print a table or JSON.')
    .requiredOption('--dataset <name>', 'dataset to query')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 6 days before --to)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: today, UTC)')
    .option('--filter <column=value>', 'equality filter on a filterable column (repeatable)', collect, [])
    .option('--columns <list>', 'comma-separated columns to return')
    .option('--limit <n>', 'rows per page (1-1000)', positiveInteger('--limit'))
    .option('--next-token <token>', 'continue from a previous page')
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS, not locally)')
    .option('--json', 'print the JSON answer instead of a table')
    .action((flags: QueryFlags) => runQuery(flags));
}
