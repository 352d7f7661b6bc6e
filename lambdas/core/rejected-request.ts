/**
 * Turns the query string of the rejected routes into a checked receive-date range and page size. Every invalid
 * parameter is reported in one 400 (`errors`), as on the records route.
 */
import type { ApiRoute } from './api-routes';
import { ParameterErrors } from './parameter-errors';
import type { ReceiveDateRange } from './rejected-query';
import {
  checkedDateRange,
  checkParameterNames,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  parseDateParameter,
  parseLimit,
  type QueryParameters,
} from './request-params';

export interface RejectedRequest {
  readonly range: ReceiveDateRange;
  readonly limit: number;
}

/**
 * The route's parameters: `from`/`to` are receive dates (default the last 7 days up to today, UTC, at most
 * `maxRangeDays`), `limit` the page size where the route takes one (else MAX_LIMIT, every day of a range on a page).
 */
export function parseRejectedRequest(route: ApiRoute, parameters: QueryParameters, now: Date, maxRangeDays: number): RejectedRequest {
  const errors = new ParameterErrors();
  // Stryker disable next-line StringLiteral: checkParameterNames throws a 400 listing each unknown name, so this fallback name is never read
  errors.check('', () => checkParameterNames(parameters, route.queryParameters, route.path));
  const range = checkedDateRange(parameters, now, maxRangeDays, errors);
  const pageSize = route.queryParameters.includes('limit') ? DEFAULT_LIMIT : MAX_LIMIT;
  const limit = errors.check('limit', () => (parameters.limit === undefined ? pageSize : parseLimit(parameters.limit))) ?? pageSize;
  errors.throwIfAny();
  return { range, limit };
}

/** Checks one parameter beside a nextToken on its own, as the first request of the query had it checked. */
export function checkRejectedParameter(route: ApiRoute, name: string, value: string): void {
  checkParameterNames({ [name]: value }, route.queryParameters, route.path);
  if (name === 'from' || name === 'to') parseDateParameter(name, value);
}
