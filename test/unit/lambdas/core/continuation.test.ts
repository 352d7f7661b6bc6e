import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import {
  checkContinuation,
  checkContinuationLimit,
  checkTokenRoute,
  type ParameterCheck,
  parameterDigests,
} from '../../../../lambdas/core/continuation';
import { badRequest } from '../../../../lambdas/core/http-response';
import { type PageToken, parameterDigest } from '../../../../lambdas/core/page-token';
import { rejection } from '../../../support/http-rejection';

const FIRST = { from: '2025-01-01', to: '2025-01-31', flight_id: '100', limit: '50' };

/** The token a first request with `parameters` on `route` issues: page size 50. */
function tokenOf(parameters: Record<string, string>, route = 'records'): PageToken {
  return {
    queryId: '0b7c9a57-3f4e-4d5a-9a43-6f3a3b1f2c11',
    engineToken: '50',
    pageSize: 50,
    parameters: parameterDigests(parameters, route),
  };
}

describe('continuation of a query with its nextToken', () => {
  it("keeps a digest of each first value but the token's own parameters, and the route unless it is records", () => {
    // Act
    const records = parameterDigests({ ...FIRST, nextToken: 'abc' });
    const aggregate = parameterDigests({ from: '2025-01-01' }, 'aggregate');

    // Assert
    expect([...records]).toEqual([
      ['from', parameterDigest('2025-01-01')],
      ['to', parameterDigest('2025-01-31')],
      ['flight_id', parameterDigest('100')],
    ]);
    expect([...aggregate]).toEqual([
      ['from', parameterDigest('2025-01-01')],
      ['#route', parameterDigest('aggregate')],
    ]);
  });

  it('accepts a continuation that repeats first values or leaves them out', () => {
    // Prepare
    const token = tokenOf(FIRST);

    // Act
    const check = () => checkContinuation(passengers, { nextToken: 'abc', from: '2025-01-01', limit: '50' }, token);

    // Assert
    expect(check).not.toThrow();
  });

  it('refuses, naming each, a value that differs, a parameter the first request did not have, and another limit', () => {
    // Prepare
    const token = tokenOf(FIRST);

    // Act
    const error = rejection(() =>
      checkContinuation(passengers, { nextToken: 'abc', flight_id: '200', seat_number: '1A', limit: '20' }, token),
    );

    // Assert
    expect(error.errors).toEqual([
      {
        parameter: 'flight_id',
        code: 'invalid_parameter',
        message: 'parameter "flight_id" differs from the request this nextToken continues; repeat its first value or leave it out',
      },
      {
        parameter: 'seat_number',
        code: 'invalid_parameter',
        message: 'parameter "seat_number" was not part of the request this nextToken continues; leave it out',
      },
      {
        parameter: 'limit',
        code: 'invalid_parameter',
        message: 'parameter "limit" must be 50, the page size of the query this nextToken continues, or be left out',
      },
    ]);
  });

  it('checks each value as the first request had it checked, before comparing it', () => {
    // Prepare
    const token = tokenOf(FIRST);

    // Act
    const error = rejection(() => checkContinuation(passengers, { nextToken: 'abc', flight_id: 'one', nope: '1' }, token));

    // Assert
    expect(error.errors?.map(({ parameter, code }) => [parameter, code])).toEqual([
      ['flight_id', 'invalid_parameter'],
      ['nope', 'unknown_parameter'],
    ]);
  });

  it('compares nothing but checks values for a token that carries no first values', () => {
    // Prepare
    const { parameters: _, ...token } = tokenOf(FIRST);

    // Act
    const accepted = () => checkContinuation(passengers, { nextToken: 'abc', flight_id: '200' }, token);
    const refused = rejection(() => checkContinuation(passengers, { nextToken: 'abc', flight_id: 'x' }, token));

    // Assert
    expect(accepted).not.toThrow();
    expect(refused.errors?.map(({ parameter }) => parameter)).toEqual(['flight_id']);
  });

  it("uses the route's own check of a parameter when one is given", () => {
    // Prepare
    const token = tokenOf({ measure: 'count' }, 'aggregate');
    const seen: string[] = [];
    const checkParameter: ParameterCheck = (_dataset, name, value) => {
      seen.push(`${name}=${value}`);
      if (name === 'measure' && value !== 'count') throw badRequest('invalid_parameter', 'parameter "measure" must be count');
    };

    // Act
    const accepted = () => checkContinuation(passengers, { nextToken: 'abc', measure: 'count' }, token, checkParameter);

    // Assert
    expect(accepted).not.toThrow();
    expect(seen).toEqual(['measure=count']);
  });

  it('continues a records query with a token that carries no parameters, and only a records query', () => {
    // Prepare
    const { parameters: _, ...token } = tokenOf(FIRST);

    // Act
    const onRecords = () => checkTokenRoute(token, 'records');
    const onAggregate = rejection(() => checkTokenRoute(token, 'aggregate'));

    // Assert
    expect(onRecords).not.toThrow();
    expect(onAggregate.message).toBe('parameter "nextToken" continues a query of another route');
  });

  it('accepts a nextToken only on the route that issued it', () => {
    // Prepare
    const records = tokenOf(FIRST);
    const aggregate = tokenOf(FIRST, 'aggregate');

    // Act
    const onOwnRoutes = () => {
      checkTokenRoute(records, 'records');
      checkTokenRoute(aggregate, 'aggregate');
    };
    const recordsOnAggregate = rejection(() => checkTokenRoute(records, 'aggregate'));
    const aggregateOnRecords = rejection(() => checkTokenRoute(aggregate, 'records'));
    const aggregateOnRejected = rejection(() => checkTokenRoute(aggregate, 'rejected'));

    // Assert
    expect(onOwnRoutes).not.toThrow();
    for (const error of [recordsOnAggregate, aggregateOnRecords, aggregateOnRejected]) {
      expect([error.statusCode, error.code, error.message]).toEqual([
        400,
        'invalid_parameter',
        'parameter "nextToken" continues a query of another route',
      ]);
    }
  });

  it('takes a limit beside a nextToken only when it is the page size, and an invalid one as invalid', () => {
    // Prepare
    const token = tokenOf(FIRST);

    // Act
    const absent = () => checkContinuationLimit(undefined, token);
    const same = () => checkContinuationLimit('50', token);
    const invalid = rejection(() => checkContinuationLimit('0', token));

    // Assert
    expect(absent).not.toThrow();
    expect(same).not.toThrow();
    expect(invalid.message).toBe('parameter "limit" must be an integer from 1 to 1000');
  });
});
