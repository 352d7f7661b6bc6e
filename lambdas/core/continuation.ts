/**
 * The parameters a request may send beside a nextToken. On the records and aggregate routes each one is optional: left out, or
 * repeating exactly the value the request that started the query gave it (`limit`: the token's page size). A value
 * that is invalid, that the first request did not have, or that differs is a 400 naming the parameter; the token keeps
 * a digest of each first value to tell. `/v1/queries/{queryId}` takes only `limit` and `nextToken`.
 */
import type { DatasetDefinition } from './dataset';
import { badRequest } from './http-response';
import { type PageToken, parameterDigest } from './page-token';
import { ParameterErrors } from './parameter-errors';
import { checkRecordsParameter, parseLimit, type QueryParameters } from './request-params';

/** Parameters whose value a continuation may differ in: the token itself, and limit (checked against the page size). */
const CONTINUATION_OWN = new Set(['nextToken', 'limit']);

/**
 * The entry of a token's parameters that names the route that started the query, for every route but records (whose
 * tokens predate it and carry none). No route accepts a parameter of this name, so no request value is stored under it.
 */
const ROUTE_ENTRY = '#route';

/** Checks one parameter of a route on its own, as the first request had it checked (400 naming it when invalid). */
export type ParameterCheck = (dataset: DatasetDefinition, name: string, value: string) => void;

/** The digests of a dataset query's parameters, kept in its nextTokens, with the route that started it (records: none). */
export function parameterDigests(parameters: QueryParameters, route = 'records'): ReadonlyMap<string, string> {
  const digests = new Map(
    Object.entries(parameters).flatMap(([name, value]) => (CONTINUATION_OWN.has(name) ? [] : [[name, parameterDigest(value)] as const])),
  );
  if (route !== 'records') digests.set(ROUTE_ENTRY, parameterDigest(route));
  return digests;
}

/** A nextToken continues only a query of the route it was issued on. */
export function checkTokenRoute(token: PageToken, route: string): void {
  const marked = token.parameters?.get(ROUTE_ENTRY);
  const expected = route === 'records' ? undefined : parameterDigest(route);
  if (marked !== expected) throw badRequest('invalid_parameter', 'parameter "nextToken" continues a query of another route');
}

/** `limit` beside a nextToken: a valid page size, and the token's own. */
export function checkContinuationLimit(text: string | undefined, token: PageToken): void {
  if (text === undefined) return;
  if (parseLimit(text) !== token.pageSize)
    throw badRequest(
      'invalid_parameter',
      `parameter "limit" must be ${token.pageSize}, the page size of the query this nextToken continues, or be left out`,
    );
}

/** The parameters beside a nextToken on a dataset query route, each checked, every invalid one reported in one 400. */
export function checkContinuation(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  token: PageToken,
  checkParameter: ParameterCheck = checkRecordsParameter,
): void {
  const errors = new ParameterErrors();
  for (const [name, value] of Object.entries(parameters)) {
    if (name === 'nextToken') continue;
    errors.check(name, () =>
      name === 'limit' ? checkContinuationLimit(value, token) : checkContinuedValue(dataset, name, value, token, checkParameter),
    );
  }
  errors.throwIfAny();
}

function checkContinuedValue(
  dataset: DatasetDefinition,
  name: string,
  value: string,
  token: PageToken,
  checkParameter: ParameterCheck,
): void {
  checkParameter(dataset, name, value);
  // A token from before parameters were recorded: values are checked, not compared.
  if (!token.parameters) return;
  const digest = token.parameters.get(name);
  if (digest === undefined)
    throw badRequest('invalid_parameter', `parameter "${name}" was not part of the request this nextToken continues; leave it out`);
  if (digest !== parameterDigest(value))
    throw badRequest(
      'invalid_parameter',
      `parameter "${name}" differs from the request this nextToken continues; repeat its first value or leave it out`,
    );
}
