/** Pages of a finished query's result, the tokens that continue them, and the states a query can answer with. */

import { publicEngineReason } from '../core/engine-reason';
import { HttpError } from '../core/http-response';
import { decodePageToken, encodePageToken, type PageToken } from '../core/page-token';
import type { QueryState, QueryStatus } from '../core/ports/query-engine';
import { typeRows } from '../core/result-typing';
import type { QueryPorts } from './query-ports';

/** Where a page of a query's result starts: the engine's token and how many rows earlier pages served. */
export interface PagePosition {
  readonly engineToken?: string;
  readonly served: number;
  readonly dataset?: string;
  /** The route the pages belong to, when not records (PageToken.route). */
  readonly route?: string;
  /** The first request's parameters as digests, carried from token to token (records pages). */
  readonly parameters?: ReadonlyMap<string, string>;
}

export interface ResultPage {
  readonly rows: ReturnType<typeof typeRows>;
  readonly nextToken?: string;
  readonly truncated?: boolean;
  readonly queryId: string;
  readonly stats: { readonly bytesScanned: number; readonly engineMs: number };
}

/** What a use case over a query answers: a page of its rows, or that it still runs. */
export type QueryOutcome =
  | { readonly kind: 'page'; readonly page: ResultPage; readonly status?: QueryState }
  | { readonly kind: 'running'; readonly queryId: string; readonly status: QueryState; readonly pageSize: number };

/** Where the page a nextToken asks for starts. */
export function positionOf(token: PageToken): PagePosition {
  return {
    engineToken: token.engineToken,
    served: token.served ?? 0,
    ...(token.dataset === undefined ? {} : { dataset: token.dataset }),
    ...(token.route === undefined ? {} : { route: token.route }),
    ...(token.parameters === undefined ? {} : { parameters: token.parameters }),
  };
}

/** Decodes a nextToken and refuses it once the result it points into is no longer kept (410, with the time it expired). */
export function liveToken(text: string, now: Date): PageToken {
  const token = decodePageToken(text);
  if (token.expiresAt !== undefined && now.getTime() >= token.expiresAt.getTime())
    throw new HttpError(
      410,
      'next_token_expired',
      `parameter "nextToken" expired at ${token.expiresAt.toISOString()}, when the query's results stopped being kept; run the query again`,
      token.queryId,
    );
  return token;
}

export async function knownStatus(ports: QueryPorts, queryId: string): Promise<QueryStatus> {
  const status = await ports.callEngine('report the query status', queryId, () => ports.engine.getQueryStatus(queryId));
  if (!status) throw new HttpError(404, 'query_not_found', `query ${queryId} is not known`);
  return status;
}

/** A failed or cancelled query: the answer carries the engine's reason without file paths, the log the full reason. */
export function failedQuery(ports: QueryPorts, queryId: string, status: QueryStatus): HttpError {
  ports.logger?.error('query did not succeed', { queryId, state: status.state, reason: status.reason });
  const reason = status.reason ? `: ${publicEngineReason(status.reason)}` : '';
  return new HttpError(502, 'query_failed', `query ${queryId} ${status.state.toLowerCase()}${reason}`, queryId);
}

/**
 * Reads one page, never serving more than `maxResultRows` rows of a result in all. The records SQL selects one row
 * past the cap; on the page that reaches the cap, a look one row further tells whether the answer was cut, and no
 * nextToken follows.
 */
export async function readResultPage(
  ports: QueryPorts,
  queryId: string,
  status: QueryStatus,
  pageSize: number,
  position: PagePosition,
): Promise<ResultPage> {
  const { maxResultRows } = ports.settings;
  const read = (size: number, pageToken: string | undefined) =>
    ports.callEngine('read results', queryId, () =>
      ports.engine.getQueryResults(queryId, { pageSize: size, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  const remaining = Math.max(0, maxResultRows - position.served);
  const page = remaining === 0 ? { columns: [], rows: [] } : await read(Math.min(pageSize, remaining), position.engineToken);
  const served = position.served + page.rows.length;
  let nextToken: string | undefined;
  let truncated = false;
  if (served < maxResultRows) {
    if (page.nextToken !== undefined)
      nextToken = encodePageToken({
        queryId,
        engineToken: page.nextToken,
        pageSize,
        dataset: position.dataset,
        ...(position.route === undefined ? {} : { route: position.route }),
        served,
        ...(status.resultsExpireAt ? { expiresAt: status.resultsExpireAt } : {}),
        ...(position.parameters ? { parameters: position.parameters } : {}),
      });
  } else if (page.nextToken !== undefined) {
    truncated = (await read(1, page.nextToken)).rows.length > 0;
    if (truncated) ports.logger?.info('answer cut at the row cap', { queryId, maxResultRows });
  }
  return {
    rows: typeRows(page),
    ...(nextToken === undefined ? {} : { nextToken }),
    ...(truncated ? { truncated } : {}),
    queryId,
    stats: { bytesScanned: status.bytesScanned ?? 0, engineMs: status.engineMs ?? 0 },
  };
}
