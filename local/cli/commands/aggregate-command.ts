import type { Command } from 'commander';
import { datasetNamed, positiveInteger } from '../cli-context';
import { appendFilters, collectOption, fetchPageForCli, printRowsPage } from '../dataset-page';

interface AggregateFlags {
  dataset: string;
  groupBy?: string;
  measures?: string;
  granularity?: string;
  from?: string;
  to?: string;
  filter: string[];
  limit?: number;
  nextToken?: string;
  apiUrl?: string;
  apiKey?: string;
  json?: boolean;
}

/** The query string of the aggregate route; the API checks every value against the dataset definition. */
export function aggregateParameters(flags: AggregateFlags): URLSearchParams {
  const parameters = new URLSearchParams();
  const optional: readonly [string, string | undefined][] = [
    ['from', flags.from],
    ['to', flags.to],
    ['groupBy', flags.groupBy],
    ['measures', flags.measures],
    ['granularity', flags.granularity],
  ];
  for (const [name, value] of optional) if (value !== undefined) parameters.set(name, value);
  appendFilters(parameters, flags.filter);
  if (flags.limit !== undefined) parameters.set('limit', String(flags.limit));
  if (flags.nextToken) parameters.set('nextToken', flags.nextToken);
  return parameters;
}

async function runAggregate(flags: AggregateFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const parameters = aggregateParameters(flags);
  const page = await fetchPageForCli(flags, flags.dataset, 'aggregate', parameters);
  printRowsPage(page, flags.json);
}

export function registerAggregateCommand(program: Command): void {
  program
    .command('aggregate')
    .description('Grouped measures of a dataset through the HTTP API (local by default), printed as a table or JSON.')
    .requiredOption('--dataset <name>', 'dataset to aggregate')
    .option('--group-by <list>', 'comma-separated groupable columns')
    .option('--measures <list>', 'comma-separated measures: count, sum:col, avg:col, min:col, max:col, count_distinct:col (default: count)')
    .option('--granularity <unit>', 'time buckets of the partition column: hour or day')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 6 days before --to)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: today, UTC)')
    .option('--filter <column=value>', 'equality filter on a filterable column (repeatable)', collectOption, [])
    .option('--limit <n>', 'rows per page (1-1000)', positiveInteger('--limit'))
    .option('--next-token <token>', 'continue from a previous page')
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS, not locally)')
    .option('--json', 'print the JSON answer instead of a table')
    .action((flags: AggregateFlags) => runAggregate(flags));
}
