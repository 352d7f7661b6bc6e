import { describe, expect, it } from 'vitest';
import { apiRoute } from '../../../../lambdas/core/api-routes';
import { HttpError } from '../../../../lambdas/core/http-response';
import { checkRejectedParameter, parseRejectedRequest } from '../../../../lambdas/core/rejected-request';
import { MAX_LIMIT } from '../../../../lambdas/core/request-params';

const NOW = new Date('2025-01-31T15:00:00Z');

function refusal(act: () => unknown): HttpError {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpError) return error;
  }
  throw new Error('expected an HttpError');
}

describe('parseRejectedRequest', () => {
  it('defaults to the last 7 receive dates and the default page size', () => {
    // Act
    const request = parseRejectedRequest(apiRoute('rejected'), {}, NOW, 31);

    // Assert
    expect(request).toEqual({ range: { from: '2025-01-25', to: '2025-01-31' }, limit: 100 });
  });

  it('serves the daily counts of a range on one page', () => {
    // Act
    const request = parseRejectedRequest(apiRoute('rejectedDaily'), { from: '2025-01-01', to: '2025-01-31' }, NOW, 31);

    // Assert
    expect(request).toEqual({ range: { from: '2025-01-01', to: '2025-01-31' }, limit: MAX_LIMIT });
  });

  it('names every invalid parameter in one 400: unknown names, bad dates and a bad limit', () => {
    // Act
    const error = refusal(() => parseRejectedRequest(apiRoute('rejected'), { name: 'x', from: '2025-13-01', limit: '0' }, NOW, 31));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.errors?.map((entry) => [entry.parameter, entry.code])).toEqual([
      ['name', 'unknown_parameter'],
      ['from', 'invalid_parameter'],
      ['limit', 'invalid_parameter'],
    ]);
  });

  it('refuses limit on the daily route, which takes none', () => {
    // Act
    const error = refusal(() => parseRejectedRequest(apiRoute('rejectedDaily'), { limit: '5' }, NOW, 31));

    // Assert
    expect(error.errors?.[0]).toMatchObject({ parameter: 'limit', code: 'unknown_parameter' });
  });
});

describe('checkRejectedParameter', () => {
  it('checks a continued date as the first request did, and refuses names the route does not take', () => {
    // Act
    const badDate = refusal(() => checkRejectedParameter(apiRoute('rejected'), 'to', 'yesterday'));
    const unknown = refusal(() => checkRejectedParameter(apiRoute('rejected'), 'columns', 'a'));

    // Assert
    expect(badDate.code).toBe('invalid_parameter');
    expect(unknown.code).toBe('unknown_parameter');
  });
});

describe('parseRejectedRequest with a page size', () => {
  it('takes the page size the request asks for', () => {
    // Act
    const request = parseRejectedRequest(apiRoute('rejected'), { from: '2025-01-30', to: '2025-01-31', limit: '5' }, NOW, 31);

    // Assert
    expect(request).toEqual({ range: { from: '2025-01-30', to: '2025-01-31' }, limit: 5 });
  });
});

describe('checkRejectedParameter values', () => {
  it('accepts a continued well-formed date on either end of the range', () => {
    // Act
    const check = () => {
      checkRejectedParameter(apiRoute('rejected'), 'from', '2025-01-01');
      checkRejectedParameter(apiRoute('rejected'), 'to', '2025-01-31');
    };

    // Assert
    expect(check).not.toThrow();
  });

  it('checks a continued from date as the first request did', () => {
    // Act
    const error = refusal(() => checkRejectedParameter(apiRoute('rejected'), 'from', '2025-02-30'));

    // Assert
    expect([error.statusCode, error.code]).toEqual([400, 'invalid_parameter']);
  });

  it('reads a continued parameter other than a date as no date', () => {
    // Act
    const check = () => checkRejectedParameter(apiRoute('rejected'), 'limit', '5');

    // Assert
    expect(check).not.toThrow();
  });
});
