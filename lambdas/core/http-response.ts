/** JSON responses of the query API: every body is JSON, every error `{error: {code, message}}`. */
import type { APIGatewayProxyResult } from 'aws-lambda';

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
};

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly queryId?: string };
}

/** A failure the API answers on purpose, with a status, a stable code and a message that names the culprit. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly queryId?: string,
    /** Sent as `Retry-After` (seconds): when the same request may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function badRequest(code: string, message: string): HttpError {
  return new HttpError(400, code, message);
}

export function errorResponse(error: HttpError): APIGatewayProxyResult {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.queryId === undefined ? {} : { queryId: error.queryId }) },
  };
  const response = jsonResponse(error.statusCode, body);
  if (error.retryAfterSeconds !== undefined) response.headers = { ...response.headers, 'retry-after': String(error.retryAfterSeconds) };
  return response;
}
