/** A page of a dataset route as the CLI commands fetch it: from the API the flags name (local by default). */
import { localApiUrl, UsageError } from './cli-context';
import { fetchDatasetPage, type RecordsPage } from './query-client';
import { formatTable } from './table';
import { endpointAt, explainUnreachable } from './unreachable-endpoint';

export interface ApiFlags {
  readonly apiUrl?: string;
  readonly apiKey?: string;
}

/** The page, or an error naming the API that did not answer (and the option that gave its address). */
export function fetchPageForCli(
  flags: ApiFlags,
  dataset: string,
  route: Parameters<typeof fetchDatasetPage>[2],
  parameters: URLSearchParams,
): Promise<RecordsPage> {
  const apiUrl = flags.apiUrl ?? localApiUrl();
  return fetchDatasetPage({ apiUrl, ...(flags.apiKey ? { apiKey: flags.apiKey } : {}) }, dataset, route, parameters).catch(
    (error: unknown) => {
      throw explainUnreachable(error, endpointAt('API', apiUrl, flags.apiUrl ? '--api-url' : undefined)) ?? error;
    },
  );
}

/** The line under a printed page: what it counted, the query, and how to get the next page. */
export function pageSummary(counted: string, page: RecordsPage): string {
  return `${counted} (query ${page.queryId})${page.nextToken ? `; more with --next-token ${page.nextToken}` : ''}`;
}

/** Commander's reducer for a repeatable option (`--filter a=1 --filter b=2`). */
export const collectOption = (value: string, previous: string[]): string[] => [...previous, value];

/** Appends each `--filter column=value` as an equality filter; the API checks the column and the value. */
export function appendFilters(parameters: URLSearchParams, filters: readonly string[]): void {
  for (const filter of filters) {
    const separator = filter.indexOf('=');
    if (separator <= 0) throw new UsageError(`--filter must look like column=value, got "${filter}"`);
    parameters.append(filter.slice(0, separator), filter.slice(separator + 1));
  }
}

/** Prints the API's answer as JSON, or its rows as a table with the summary line under it. */
export function printRowsPage(page: RecordsPage, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(page, null, 2));
    return;
  }
  console.log(formatTable(page.rows));
  console.log(pageSummary(`${page.rows.length} rows`, page));
}
