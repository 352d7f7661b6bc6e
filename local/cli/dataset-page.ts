/** A page of a dataset route as the CLI commands fetch it: from the API the flags name (local by default). */
import { localApiUrl } from './cli-context';
import { fetchDatasetPage, type RecordsPage } from './query-client';
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
