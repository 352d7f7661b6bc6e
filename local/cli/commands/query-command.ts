import type { Command } from 'commander';
import { datasetNamed, positiveInteger } from '../cli-context';
import { appendFilters, collectOption, fetchPageForCli, printRowsPage } from '../dataset-page';

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

async function runQuery(flags: QueryFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const parameters = new URLSearchParams();
  if (flags.from) parameters.set('from', flags.from);
  if (flags.to) parameters.set('to', flags.to);
  appendFilters(parameters, flags.filter);
  if (flags.columns) parameters.set('columns', flags.columns);
  if (flags.limit !== undefined) parameters.set('limit', String(flags.limit));
  if (flags.nextToken) parameters.set('nextToken', flags.nextToken);

  const page = await fetchPageForCli(flags, flags.dataset, 'records', parameters);
  printRowsPage(page, flags.json);
}

export function registerQueryCommand(program: Command): void {
  program
    .command('query')
    .description('Query a dataset through the HTTP API (local by default) and print a table or JSON.')
    .requiredOption('--dataset <name>', 'dataset to query')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 6 days before --to)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: today, UTC)')
    .option('--filter <column=value>', 'equality filter on a filterable column (repeatable)', collectOption, [])
    .option('--columns <list>', 'comma-separated columns to return')
    .option('--limit <n>', 'rows per page (1-1000)', positiveInteger('--limit'))
    .option('--next-token <token>', 'continue from a previous page')
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS, not locally)')
    .option('--json', 'print the JSON answer instead of a table')
    .action((flags: QueryFlags) => runQuery(flags));
}
