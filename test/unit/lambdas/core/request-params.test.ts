import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { parseDateRange, parseRecordsRequest, singleValuedParameters } from '../../../../lambdas/core/request-params';
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
