import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { ParameterErrors } from '../../../../lambdas/core/parameter-errors';
import {
  checkedDateRange,
  checkedFilters,
  checkParameterNames,
  checkRecordsParameter,
  parseDateRange,
  parseLimit,
  parseRecordsRequest,
  singleValuedParameters,
} from '../../../../lambdas/core/request-params';
import { rejection } from '../../../support/http-rejection';

const NOW = new Date('2025-01-31T15:00:00Z');

describe('request parameters', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses a parameter named %s as unknown, as API Gateway delivers it in a JSON-parsed event',
    (name) => {
      // Prepare
      const event = JSON.parse(
        `{"queryStringParameters": {${JSON.stringify(name)}: "1"}, "multiValueQueryStringParameters": {${JSON.stringify(name)}: ["1"]}}`,
      );

      // Act
      const parameters = singleValuedParameters(event);
      const error = rejection(() => parseRecordsRequest(passengers, parameters, NOW, 31));

      // Assert
      expect(Object.keys(parameters)).toEqual([name]);
      expect(error.statusCode).toBe(400);
      expect(error.message).toContain(JSON.stringify(name));
    },
  );

  it('defaults the range to the last 7 days up to today in UTC', () => {
    // Act
    const range = parseDateRange({}, NOW, 31);

    // Assert
    expect(range).toEqual({ from: '2025-01-25', to: '2025-01-31' });
  });

  it('rejects from after to, naming "from"', () => {
    // Act
    const error = rejection(() => parseDateRange({ from: '2025-01-05', to: '2025-01-04' }, NOW, 31));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('"from"');
  });

  it('rejects a range wider than the configured maximum', () => {
    // Act
    const accepted = parseDateRange({ from: '2025-01-01', to: '2025-01-31' }, NOW, 31);
    const error = rejection(() => parseDateRange({ from: '2024-12-31', to: '2025-01-31' }, NOW, 31));

    // Assert
    expect(accepted.from).toBe('2025-01-01');
    expect(error.message).toContain('32 days');
  });

  it('rejects a repeated parameter instead of picking one', () => {
    // Act
    const error = rejection(() =>
      singleValuedParameters({ queryStringParameters: { flight_id: '2' }, multiValueQueryStringParameters: { flight_id: ['1', '2'] } }),
    );

    // Assert
    expect(error.code).toBe('duplicate_parameter');
    expect(error.message).toContain('"flight_id"');
  });

  it('parses filters, projection, order and limit into a specification', () => {
    // Act
    const request = parseRecordsRequest(
      passengers,
      {
        flight_id: '100',
        seat_number: '1A',
        columns: 'name,passenger_id',
        order: '-boarded_at',
        limit: '25',
        from: '2025-01-10',
        to: '2025-01-12',
      },
      NOW,
      31,
    );

    // Assert
    expect(request.limit).toBe(25);
    expect(request.spec.columns.map((column) => column.name)).toEqual(['name', 'passenger_id']);
    expect(request.spec.filters.map((filter) => [filter.column.name, filter.parameter.value])).toEqual([
      ['flight_id', 100n],
      ['seat_number', '1A'],
    ]);
    expect(request.spec.order).toMatchObject({ column: { name: 'boarded_at' }, descending: true });
  });

  it('orders ascending by a column named without a leading minus', () => {
    // Act
    const request = parseRecordsRequest(passengers, { order: 'passenger_id' }, NOW, 31);

    // Assert
    expect(request.spec.order).toEqual({ column: passengers.columns[0], descending: false });
  });

  it.each([
    [{ limit: '0' }, '"limit"'],
    [{ limit: '1001' }, '"limit"'],
    [{ columns: 'name,nope' }, '"columns"'],
    [{ columns: 'name,,flight_id' }, '"columns"'],
    [{ order: '-nope' }, '"order"'],
    [{ name: 'Ada' }, '"name"'],
    [{ colour: 'red' }, '"colour"'],
    [{ passenger_id: 'abc' }, '"passenger_id"'],
    [{ from: '2025-13-01' }, '"from"'],
  ])('rejects %j with a 400 that names %s', (parameters, named) => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, parameters, NOW, 31));

    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(named);
  });

  it('reports every invalid parameter in errors, the first of them as the error', () => {
    // Act
    const error = rejection(() =>
      parseRecordsRequest(passengers, { from: '2025-13-01', colour: 'red', name: 'Ada', columns: 'nope', limit: '0' }, NOW, 31),
    );

    // Assert
    expect(error.errors?.map((entry) => [entry.parameter, entry.code])).toEqual([
      ['from', 'invalid_parameter'],
      ['colour', 'unknown_parameter'],
      ['name', 'invalid_parameter'],
      ['columns', 'invalid_parameter'],
      ['limit', 'invalid_parameter'],
    ]);
    expect([error.code, error.message]).toEqual([error.errors?.[0]?.code, error.errors?.[0]?.message]);
  });

  it('lists the allowed parameters for an unknown one', () => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, { colour: 'red' }, NOW, 31));

    // Assert
    expect(error.code).toBe('unknown_parameter');
    expect(error.message).toContain('allowed parameters: from, to, columns, limit, order, nextToken, passenger_id, flight_id, seat_number');
  });

  it('lists the filterable columns for a column that cannot be filtered on', () => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, { name: 'Ada' }, NOW, 31));

    // Assert
    expect(error.message).toContain('"name" cannot be filtered on; filterable columns: passenger_id, flight_id, seat_number');
  });

  it('lists the columns for an unknown column in columns or order', () => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, { columns: 'nope', order: '-nope' }, NOW, 31));

    // Assert
    expect(error.errors?.map((entry) => entry.parameter)).toEqual(['columns', 'order']);
    expect(error.message).toContain('columns: passenger_id, flight_id, name, seat_number, boarded_at');
  });

  it('reports every repeated parameter, not only the first', () => {
    // Act
    const error = rejection(() =>
      singleValuedParameters({ multiValueQueryStringParameters: { flight_id: ['1', '2'], limit: ['5', '6'], to: ['2025-01-01'] } }),
    );

    // Assert
    expect(error.errors?.map((entry) => [entry.parameter, entry.code])).toEqual([
      ['flight_id', 'duplicate_parameter'],
      ['limit', 'duplicate_parameter'],
    ]);
  });

  it('reports an invalid from and an invalid to together', () => {
    // Act
    const error = rejection(() => parseDateRange({ from: 'soon', to: 'later' }, NOW, 31));

    // Assert
    expect(error.errors?.map((entry) => entry.parameter)).toEqual(['to', 'from']);
  });
});

describe('request parameter details', () => {
  it.each([
    [['a'], 'parameter "x" is not known; GET /a accepts only "a"'],
    [['a', 'b'], 'parameter "x" is not known; GET /a accepts only "a" and "b"'],
    [['a', 'b', 'c'], 'parameter "x" is not known; GET /a accepts only "a", "b" and "c"'],
  ])('names the accepted parameters %j of a route in a sentence', (allowed, message) => {
    // Act
    const error = rejection(() => checkParameterNames({ x: '1' }, allowed, 'GET /a'));

    // Assert
    expect([error.code, error.message]).toEqual(['unknown_parameter', message]);
  });

  it('quotes only the first 64 characters of an unknown parameter name', () => {
    // Act
    const error = rejection(() => checkParameterNames({ ['y'.repeat(70)]: '1' }, ['a'], 'GET /a'));

    // Assert
    expect(error.message).toBe(`parameter "${'y'.repeat(64)}" is not known; GET /a accepts only "a"`);
  });

  it('accepts only names a route allows', () => {
    // Act / Assert
    expect(() => checkParameterNames({ a: '1' }, ['a'], 'GET /a')).not.toThrow();
  });

  it('leaves out a parameter without a value', () => {
    // Act
    const parameters = singleValuedParameters({ queryStringParameters: { a: '1', b: undefined } });

    // Assert
    expect(Object.keys(parameters)).toEqual(['a']);
  });

  it.each([
    [undefined, 100],
    ['1', 1],
    ['1000', 1000],
    ['0100', 100],
  ])('reads the limit %j as %d', (text, limit) => {
    // Act / Assert
    expect(parseLimit(text)).toBe(limit);
  });

  it.each(['0', '1001', 'x1', '1x', '-1', '1.5', '', ' 1', '1 ', '1e2', '0x10'])('refuses the limit %j', (text) => {
    // Act
    const error = rejection(() => parseLimit(text));

    // Assert
    expect([error.code, error.message]).toEqual(['invalid_parameter', 'parameter "limit" must be an integer from 1 to 1000']);
  });

  it('accepts a range of one day', () => {
    // Act
    const range = parseDateRange({ from: '2025-01-05', to: '2025-01-05' }, NOW, 31);

    // Assert
    expect(range).toEqual({ from: '2025-01-05', to: '2025-01-05' });
  });

  it('defaults from to the 7 days ending at the given to', () => {
    // Act
    const range = parseDateRange({ to: '2025-01-10' }, NOW, 31);

    // Assert
    expect(range).toEqual({ from: '2025-01-04', to: '2025-01-10' });
  });

  it('states the range errors as invalid_parameter of "from"', () => {
    // Act
    const reversed = rejection(() => parseDateRange({ from: '2025-01-05', to: '2025-01-04' }, NOW, 31));
    const wide = rejection(() => parseDateRange({ from: '2024-12-31', to: '2025-01-31' }, NOW, 31));

    // Assert
    expect(reversed.errors).toEqual([{ parameter: 'from', code: 'invalid_parameter', message: 'parameter "from" must not be after "to"' }]);
    expect(wide.errors).toEqual([
      { parameter: 'from', code: 'invalid_parameter', message: 'parameters "from" and "to" span 32 days; at most 31 are allowed' },
    ]);
  });

  it('names "to" when to is no date', () => {
    // Act
    const error = rejection(() => parseDateRange({ to: '2025-1-1' }, NOW, 31));

    // Assert
    expect(error.message).toBe('parameter "to" must be a date YYYY-MM-DD, got "2025-1-1"');
  });

  it('gives an empty range beside the recorded error when a date is invalid', () => {
    // Prepare
    const errors = new ParameterErrors();

    // Act
    const range = checkedDateRange({ from: 'x' }, NOW, 31, errors);

    // Assert
    expect(range).toStrictEqual({ from: '', to: '' });
    expect(() => errors.throwIfAny()).toThrow(/"from"/);
  });

  it('projects every column when no columns are named, and trims the names given', () => {
    // Act
    const all = parseRecordsRequest(passengers, {}, NOW, 31);
    const trimmed = parseRecordsRequest(passengers, { columns: ' name , flight_id' }, NOW, 31);

    // Assert
    expect(all.spec.columns.map((column) => column.name)).toEqual(passengers.columns.map((column) => column.name));
    expect(trimmed.spec.columns.map((column) => column.name)).toEqual(['name', 'flight_id']);
  });

  it.each([
    ['name,,flight_id', 'parameter "columns" must be a comma-separated list of column names'],
    ['name,', 'parameter "columns" must be a comma-separated list of column names'],
    ['name,name', 'parameter "columns" names a column more than once'],
  ])('refuses the columns %j', (columns, message) => {
    // Act
    const error = rejection(() => parseRecordsRequest(passengers, { columns }, NOW, 31));

    // Assert
    expect([error.code, error.message]).toEqual(['invalid_parameter', message]);
  });

  it('records a filter on a column that cannot be filtered once and builds no filter from it', () => {
    // Prepare
    const errors = new ParameterErrors();

    // Act
    const filters = checkedFilters(passengers, { name: 'x', flight_id: 'y', seat_number: '12A' }, errors);

    // Assert
    expect(filters.map((filter) => filter.column.name)).toEqual(['seat_number']);
    expect(rejection(() => errors.throwIfAny()).errors?.map((entry) => entry.parameter)).toEqual(['name', 'flight_id']);
  });

  it.each([
    ['from', '2025-1-1', 'parameter "from" must be a date YYYY-MM-DD, got "2025-1-1"'],
    ['to', '2025-1-1', 'parameter "to" must be a date YYYY-MM-DD, got "2025-1-1"'],
    ['columns', 'name,,x', 'parameter "columns" must be a comma-separated list of column names'],
    [
      'order',
      '-nope',
      'parameter "order" names unknown column "nope"; columns: passenger_id, flight_id, name, seat_number, boarded_at, lakeline_message_id, lakeline_record_index, lakeline_ingested_at',
    ],
    ['limit', '0', 'parameter "limit" must be an integer from 1 to 1000'],
    [
      'flight_id',
      'x',
      'parameter "flight_id" must be a base-10 integer from -9223372036854775808 to 9223372036854775807, without a leading zero or "+", got "x"',
    ],
    [
      'bogus',
      '1',
      'parameter "bogus" is not known; allowed parameters: from, to, columns, limit, order, nextToken, passenger_id, flight_id, seat_number',
    ],
  ])('checks the records parameter %s on its own, refusing %j', (name, value, message) => {
    // Act
    const error = rejection(() => checkRecordsParameter(passengers, name, value));

    // Assert
    expect(error.message).toBe(message);
  });

  it.each([
    ['from', '2025-01-01'],
    ['to', '2025-01-31'],
    ['columns', 'name'],
    ['order', '-flight_id'],
    ['limit', '10'],
    ['nextToken', 'anything'],
    ['flight_id', '7'],
  ])('accepts the records parameter %s=%s on its own', (name, value) => {
    // Act / Assert
    expect(() => checkRecordsParameter(passengers, name, value)).not.toThrow();
  });
});
