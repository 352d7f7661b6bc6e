import { describe, expect, it } from 'vitest';
import { passengers } from '../../../datasets/passengers';
import { parseDateRange, parseRecordsRequest, singleValuedParameters } from '../../../lambdas/core/request-params';
import { rejection } from './http-rejection';

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
});
