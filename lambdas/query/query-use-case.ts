/** `GET /v1/queries/{queryId}`: the status of a query that answered 202, or a page of its rows once it succeeded. */
import { apiRoute } from '../core/api-routes';
import { checkContinuationLimit } from '../core/continuation';
import { badRequest, HttpError } from '../core/http-response';
import { QUERY_ID_PATTERN } from '../core/page-token';
import { checkParameterNames, parseLimit, type QueryParameters } from '../core/request-params';
import type { QueryPorts } from './query-ports';
import { failedQuery, knownStatus, liveToken, positionOf, type QueryOutcome, readResultPage } from './result-page';
import { isFinished } from './wait-for-query';

const ROUTE = apiRoute('query');

export async function readQuery(ports: QueryPorts, queryId: string, parameters: QueryParameters): Promise<QueryOutcome> {
  if (!QUERY_ID_PATTERN.test(queryId)) throw new HttpError(404, 'query_not_found', 'query ids are UUIDs; this one is not known');
  checkParameterNames(parameters, ROUTE.queryParameters, ROUTE.path);
  const token = parameters.nextToken === undefined ? undefined : liveToken(parameters.nextToken, ports.now());
  if (token && token.queryId !== queryId) throw badRequest('invalid_parameter', 'parameter "nextToken" belongs to another query');
  if (token) checkContinuationLimit(parameters.limit, token);
  const pageSize = token?.pageSize ?? parseLimit(parameters.limit);
  const status = await knownStatus(ports, queryId);
  if (!isFinished(status)) return { kind: 'running', queryId, status: status.state, pageSize };
  if (status.state !== 'SUCCEEDED') throw failedQuery(ports, queryId, status);
  const page = await readResultPage(ports, queryId, status, pageSize, token ? positionOf(token) : { served: 0 });
  return { kind: 'page', page, status: status.state };
}
