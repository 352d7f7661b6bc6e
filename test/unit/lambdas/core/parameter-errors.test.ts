import { describe, expect, it } from 'vitest';
import { badRequest, HttpError } from '../../../../lambdas/core/http-response';
import { ParameterErrors } from '../../../../lambdas/core/parameter-errors';
import { rejection } from '../../../support/http-rejection';

describe('parameter errors', () => {
  it("returns a valid parameter's value and reports nothing", () => {
    // Prepare
    const errors = new ParameterErrors();

    // Act
    const value = errors.check('limit', () => 10);

    // Assert
    expect(value).toBe(10);
    expect(() => errors.throwIfAny()).not.toThrow();
  });

  it('answers one 400 naming every invalid parameter, the first as its error', () => {
    // Prepare
    const errors = new ParameterErrors();

    // Act
    const limit = errors.check('limit', () => {
      throw badRequest('invalid_parameter', 'parameter "limit" must be an integer from 1 to 1000');
    });
    errors.check('order', () => 'passenger_id');
    errors.check('nope', () => {
      throw badRequest('unknown_parameter', 'parameter "nope" is not known');
    });
    const error = rejection(() => errors.throwIfAny());

    // Assert
    expect(limit).toBeUndefined();
    expect({ statusCode: error.statusCode, code: error.code, message: error.message, errors: error.errors }).toEqual({
      statusCode: 400,
      code: 'invalid_parameter',
      message: 'parameter "limit" must be an integer from 1 to 1000',
      errors: [
        { parameter: 'limit', code: 'invalid_parameter', message: 'parameter "limit" must be an integer from 1 to 1000' },
        { parameter: 'nope', code: 'unknown_parameter', message: 'parameter "nope" is not known' },
      ],
    });
  });

  it('keeps the parameters a 400 of several already lists, under their own names', () => {
    // Prepare
    const errors = new ParameterErrors();
    const inner = new ParameterErrors();
    inner.check('from', () => {
      throw badRequest('invalid_parameter', 'parameter "from" must be a date');
    });
    inner.check('to', () => {
      throw badRequest('invalid_parameter', 'parameter "to" must be a date');
    });

    // Act
    errors.check('range', () => inner.throwIfAny());
    const error = rejection(() => errors.throwIfAny());

    // Assert
    expect(error.errors?.map((entry) => entry.parameter)).toEqual(['from', 'to']);
  });

  it('lets an error that is not a 400 through at once: a fault is not a bad parameter', () => {
    // Prepare
    const errors = new ParameterErrors();
    const fault = new Error('engine unreachable');
    const busy = new HttpError(503, 'engine_busy', 'the query engine is busy');

    // Act
    const thrownFault = () =>
      errors.check('limit', () => {
        throw fault;
      });
    const thrownBusy = () =>
      errors.check('limit', () => {
        throw busy;
      });

    // Assert
    expect(thrownFault).toThrow(fault);
    expect(thrownBusy).toThrow(busy);
    expect(() => errors.throwIfAny()).not.toThrow();
  });
});
