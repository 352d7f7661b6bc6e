/**
 * The parameters a request may send beside a nextToken. On the records route each one is optional: left out, or
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

/** The digests of a records request's parameters, kept in its nextTokens. */
export function parameterDigests(parameters: QueryParameters): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(parameters).flatMap(([name, value]) => (CONTINUATION_OWN.has(name) ? [] : [[name, parameterDigest(value)] as const])),
  );
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

/** Checks one parameter beside a nextToken on its own, as the route checked it in the first request. */
export type ParameterCheck = (name: string, value: string) => void;

/** The parameters beside a nextToken on a dataset route (records unless `check` says otherwise), every invalid one reported in one 400. */
export function checkContinuation(
  dataset: DatasetDefinition,
  parameters: QueryParameters,
  token: PageToken,
  check: ParameterCheck = (name, value) => checkRecordsParameter(dataset, name, value),
): void {
  const errors = new ParameterErrors();
  for (const [name, value] of Object.entries(parameters)) {
    if (name === 'nextToken') continue;
    errors.check(name, () => (name === 'limit' ? checkContinuationLimit(value, token) : checkContinuedValue(check, name, value, token)));
  }
  errors.throwIfAny();
}

function checkContinuedValue(check: ParameterCheck, name: string, value: string, token: PageToken): void {
  check(name, value);
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
