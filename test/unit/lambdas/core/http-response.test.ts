import { describe, expect, it } from 'vitest';
import { errorResponse, HttpError, invalidParameters, jsonResponse } from '../../../../lambdas/core/http-response';

describe('HTTP responses', () => {
  it('answers JSON that no cache may keep', () => {
    // Act
    const response = jsonResponse(200, { rows: [[1, 'a']] });

    // Assert
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{"rows":[[1,"a"]]}',
    });
  });

  it('answers an error as {error: {code, message}} with its status and nothing else', () => {
    // Act
    const response = errorResponse(new HttpError(404, 'dataset_not_found', 'dataset "nope" is not known'));

    // Assert
    expect(response).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{"error":{"code":"dataset_not_found","message":"dataset \\"nope\\" is not known"}}',
    });
  });

  it('names the query of a failed query and says when a busy engine may be asked again', () => {
    // Prepare
    const error = new HttpError(503, 'engine_busy', 'the query engine is busy', '0b7c9a57-3f4e-4d5a-9a43-6f3a3b1f2c11', 3);

    // Act
    const response = errorResponse(error);

    // Assert
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '3' });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'engine_busy', message: 'the query engine is busy', queryId: '0b7c9a57-3f4e-4d5a-9a43-6f3a3b1f2c11' },
    });
  });

  it('lists every invalid parameter of a 400 beside the first as its error', () => {
    // Prepare
    const errors = [
      { parameter: 'limit', code: 'invalid_parameter', message: 'parameter "limit" must be an integer from 1 to 1000' },
      { parameter: 'nope', code: 'unknown_parameter', message: 'parameter "nope" is not known' },
    ] as const;

    // Act
    const response = errorResponse(invalidParameters([errors[0], errors[1]]));

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: { code: errors[0].code, message: errors[0].message }, errors });
  });

  it('names itself HttpError in logs and stack traces', () => {
    // Act
    const error = new HttpError(400, 'invalid_parameter', 'parameter "limit" must be an integer');

    // Assert
    expect(String(error)).toBe('HttpError: parameter "limit" must be an integer');
  });
});
