import { describe, expect, it } from 'vitest';

describe('API error codes', () => {
  it('are exactly the closed set clients may switch on, in the order the document lists them', async () => {
    // Act
    const { API_ERROR_CODES } = await import('../../../../lambdas/core/api-error-code');

    // Assert
    expect(API_ERROR_CODES).toEqual([
      'invalid_parameter',
      'unknown_parameter',
      'duplicate_parameter',
      'route_not_found',
      'dataset_not_found',
      'query_not_found',
      'method_not_allowed',
      'day_not_closed',
      'next_token_expired',
      'engine_error',
      'query_failed',
      'engine_busy',
      'internal_error',
      'client_error',
      'gateway_error',
      'bad_request',
      'invalid_request_target',
      'payload_too_large',
      'request_header_fields_too_large',
      'request_timeout',
      'integration_error',
    ]);
  });
});
