import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { storedColumns } from '../../../../lambdas/core/dataset';
import {
  createRowEncoder,
  encodeLakeValue,
  GZIP_CONTENT_ENCODING,
  gzipNdjson,
  NDJSON_CONTENT_TYPE,
} from '../../../../lambdas/core/ndjson-encoder';

describe('createRowEncoder', () => {
  it('writes every stored column in table order, optional absent ones as null', () => {
    // Prepare
    const encode = createRowEncoder(passengers);

    // Act
    const line = encode(
      { passenger_id: 1, flight_id: 2, name: 'Zoë 🛫', boarded_at: '2025-01-31 10:00:00.000' },
      'm-1',
      3,
      '2025-02-01 00:00:00.000',
    );

    // Assert
    expect(Object.keys(JSON.parse(line))).toEqual(storedColumns(passengers).map((column) => column.name));
    expect(JSON.parse(line)).toEqual({
      passenger_id: 1,
      flight_id: 2,
      name: 'Zoë 🛫',
      seat_number: null,
      boarded_at: '2025-01-31 10:00:00.000',
      lakeline_message_id: 'm-1',
      lakeline_record_index: 3,
      lakeline_ingested_at: '2025-02-01 00:00:00.000',
    });
  });

  it('writes a bigint beyond 2^53 as its exact bare digits', () => {
    // Prepare
    const encode = createRowEncoder(passengers);

    // Act
    const line = encode(
      { passenger_id: 9223372036854775807n, flight_id: -9007199254740993n, name: 'n', seat_number: '1A', boarded_at: 'x' },
      'm',
      0,
      't',
    );

    // Assert
    expect(line.startsWith('{"passenger_id":9223372036854775807,"flight_id":-9007199254740993,')).toBe(true);
  });
});

describe('encodeLakeValue', () => {
  it.each([
    ['a string with quotes and a newline', 'a "b"\n', '"a \\"b\\"\\n"'],
    ['a double', 1.5, '1.5'],
    ['a huge double', 1e300, '1e+300'],
    ['an integer', -7, '-7'],
    ['false', false, 'false'],
    ['null', null, 'null'],
  ])('writes %s as JSON', (_name, value, expected) => {
    // Act / Assert
    expect(encodeLakeValue(value)).toBe(expected);
  });

  it('refuses a non-finite number', () => {
    // Act / Assert
    expect(() => encodeLakeValue(Number.NaN)).toThrow(RangeError);
  });
});

describe('gzipNdjson', () => {
  it('gzips lines, each ending with a newline', () => {
    // Act
    const body = gzipNdjson(['{"a":1}', '{"a":2}']);

    // Assert
    expect(gunzipSync(body).toString('utf8')).toBe('{"a":1}\n{"a":2}\n');
  });
});

describe('lake object encoding, exactly', () => {
  it('writes a row as one compact JSON line, the lineage after the columns', () => {
    // Prepare
    const encode = createRowEncoder(passengers);

    // Act
    const line = encode(
      { passenger_id: 1, flight_id: 2, name: 'a "b"', seat_number: '1A', boarded_at: '2025-01-31 10:00:00.000' },
      'm "1"',
      3,
      '2025-02-01 00:00:00.000',
    );

    // Assert
    expect(line).toBe(
      '{"passenger_id":1,"flight_id":2,"name":"a \\"b\\"","seat_number":"1A","boarded_at":"2025-01-31 10:00:00.000",' +
        '"lakeline_message_id":"m \\"1\\"","lakeline_record_index":3,"lakeline_ingested_at":"2025-02-01 00:00:00.000"}',
    );
  });

  it.each([
    [true, 'true'],
    [9223372036854775807n, '9223372036854775807'],
  ])('writes %o as %s', (value, expected) => {
    // Act / Assert
    expect(encodeLakeValue(value)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses to store %d, naming it', (value) => {
    // Act / Assert
    expect(() => encodeLakeValue(value)).toThrow(new RangeError(`Cannot store the non-finite number ${value}`));
  });

  it('gzips no lines as an empty body', () => {
    // Act
    const body = gzipNdjson([]);

    // Assert
    expect(gunzipSync(body).toString('utf8')).toBe('');
  });

  it('labels lake objects as gzip-encoded NDJSON', () => {
    // Act / Assert
    expect([NDJSON_CONTENT_TYPE, GZIP_CONTENT_ENCODING]).toEqual(['application/x-ndjson', 'gzip']);
  });
});
