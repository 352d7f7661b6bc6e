import type { Command } from 'commander';
import { datasetNamed, positiveInteger, UsageError } from '../cli-context';
import { fetchPageForCli, pageSummary } from '../dataset-page';
import { formatTable } from '../table';

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

const collect = (value: string, previous: string[]) => [...previous, value];

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
  for (const filter of flags.filter) {
    const separator = filter.indexOf('=');
    if (separator <= 0) throw new UsageError(`--filter must look like column=value, got "${filter}"`);
    parameters.append(filter.slice(0, separator), filter.slice(separator + 1));
  }
  if (flags.limit !== undefined) parameters.set('limit', String(flags.limit));
  if (flags.nextToken) parameters.set('nextToken', flags.nextToken);
  return parameters;
}

async function runAggregate(flags: AggregateFlags): Promise<void> {
  datasetNamed(flags.dataset);
  const parameters = aggregateParameters(flags);
  const page = await fetchPageForCli(flags, flags.dataset, 'aggregate', parameters);
  if (flags.json) {
    console.log(JSON.stringify(page, null, 2));
    return;
  }
  console.log(formatTable(page.rows));
  console.log(pageSummary(`${page.rows.length} rows`, page));
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
    .option('--filter <column=value>', 'equality filter on a filterable column (repeatable)', collect, [])
    .option('--limit <n>', 'rows per page (1-1000)', positiveInteger('--limit'))
    .option('--next-token <token>', 'continue from a previous page')
    .option('--api-url <url>', 'API base URL (default: the local API)')
    .option('--api-key <key>', 'API key (needed on AWS, not locally)')
    .option('--json', 'print the JSON answer instead of a table')
    .action((flags: AggregateFlags) => runAggregate(flags));
}
