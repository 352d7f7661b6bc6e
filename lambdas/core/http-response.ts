/** JSON responses of the query API: every body is JSON, every error `{error: {code, message}}` (plus `errors` for parameters). */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiErrorCode } from './api-error-code';

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
};

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/** One invalid parameter of a request. */
export interface ParameterError {
  readonly parameter: string;
  readonly code: ApiErrorCode;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string; readonly queryId?: string };
  /** Every invalid parameter of the request, the first of which is `error`. */
  readonly errors?: readonly ParameterError[];
}

/** A failure the API answers on purpose, with a status, a stable code and a message that names the culprit. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly queryId?: string,
    /** Sent as `Retry-After` (seconds): when the same request may succeed. */
    readonly retryAfterSeconds?: number,
    /** Every invalid parameter, when the request has one or more. */
    readonly errors?: readonly ParameterError[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function badRequest(code: ApiErrorCode, message: string): HttpError {
  return new HttpError(400, code, message);
}

/** A 400 that reports every invalid parameter; `error` is the first of them. */
export function invalidParameters(errors: readonly [ParameterError, ...ParameterError[]]): HttpError {
  const [first] = errors;
  return new HttpError(400, first.code, first.message, undefined, undefined, errors);
}

export function errorResponse(error: HttpError): APIGatewayProxyResult {
  // JSON leaves out a member whose value is undefined: an error without a query id or parameter list has neither key.
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, queryId: error.queryId },
    errors: error.errors,
  };
  const response = jsonResponse(error.statusCode, body);
  if (error.retryAfterSeconds !== undefined) response.headers = { ...response.headers, 'retry-after': String(error.retryAfterSeconds) };
  return response;
}
