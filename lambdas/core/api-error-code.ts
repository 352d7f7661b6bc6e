/**
 * Every `error.code` the query API can answer, whoever answers it: the query handler, API Gateway itself (its gateway
 * responses) or the local server standing in for API Gateway. Clients may switch on these; the OpenAPI document lists
 * them as an enum.
 */
export const API_ERROR_CODES = [
  // 400: a parameter is invalid, not known, or given twice.
  'invalid_parameter',
  'unknown_parameter',
  'duplicate_parameter',
  // 404: no such route (handler and API Gateway alike), dataset or query.
  'route_not_found',
  'dataset_not_found',
  'query_not_found',
  // 405: a known path with another method than the route's.
  'method_not_allowed',
  // 409: the local mode's compaction control was asked for a day that is not closed yet.
  'day_not_closed',
  // 410: the result a nextToken points into is no longer kept.
  'next_token_expired',
  // 502/503: the query engine failed, the query failed, or the engine is busy (Retry-After).
  'engine_error',
  'query_failed',
  'engine_busy',
  // 500: a failure the handler did not expect.
  'internal_error',
  // API Gateway's own answers: any other 4xx (missing or invalid API key, throttling, quota) and 5xx.
  'client_error',
  'gateway_error',
  // The local server's own answers to requests that never become an API Gateway event.
  'bad_request',
  'invalid_request_target',
  'payload_too_large',
  'request_header_fields_too_large',
  'request_timeout',
  'integration_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
