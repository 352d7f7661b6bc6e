import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { ExactNumber, parseExactJson } from '../../../../lambdas/core/exact-json';
import { createRecordValidator, type ValidatedRecord } from '../../../../lambdas/core/record-validator';
import { allTypes } from '../../../fixtures/all-types-dataset';

const validateAllTypes = createRecordValidator(allTypes);
const BASE = '"label": "x", "at": "2025-01-31T10:00:00Z"';

/** Validates a record given as JSON text, parsed the way the ingest parses messages. */
function validateText(fields: string): ValidatedRecord {
  return validateAllTypes(parseExactJson(`{${BASE}${fields === '' ? '' : `, ${fields}`}}`));
}

function reasonsOf(result: ValidatedRecord): ReadonlyArray<{ path: string; message: string }> {
  return result.ok ? [] : result.reasons;
}

describe('createRecordValidator', () => {
  it('accepts a record of every type and gives its lake values', () => {
    // Act
    const result = validateText('"count": -2147483648, "big": 9223372036854775807, "ratio": 1.5e2, "flag": false, "day": "2024-02-29"');

    // Assert
    expect(result).toEqual({
      ok: true,
      values: {
        label: 'x',
        count: -2147483648,
        big: 9223372036854775807n,
        ratio: 150,
        flag: false,
        day: '2024-02-29',
        at: '2025-01-31 10:00:00.000',
      },
      partitionDate: '2025-01-31',
      droppedFields: [],
    });
  });

  it('writes absent and null optional fields as null', () => {
    // Act
    const result = validateText('"count": null');

    // Assert
    expect(result.ok && result.values).toEqual({
      label: 'x',
      count: null,
      big: null,
      ratio: null,
      flag: null,
      day: null,
      at: '2025-01-31 10:00:00.000',
    });
  });

  it('rejects a missing and a null required field with their paths', () => {
    // Act
    const result = validateAllTypes({ at: null });

    // Assert
    expect(reasonsOf(result)).toEqual([
      { path: 'label', message: 'required field is missing' },
      { path: 'at', message: 'required field is null' },
    ]);
  });

  it('reports every bad field of a record, not only the first', () => {
    // Act
    const result = validateText('"count": "1", "big": 1.5, "ratio": "2", "flag": 1, "day": "2025-02-30"');

    // Assert
    expect(reasonsOf(result).map((reason) => reason.path)).toEqual(['count', 'big', 'ratio', 'flag', 'day']);
  });

  it.each([
    ['"count": 2147483648', 'count', 'outside the int range'],
    ['"count": -2147483649', 'count', 'outside the int range'],
    ['"count": 1.5', 'count', 'expected an integer'],
    ['"count": "7"', 'count', 'expected an integer (int), received string "7"'],
    ['"count": true', 'count', 'expected an integer (int), received boolean true'],
    ['"big": 9223372036854775808', 'big', 'outside the bigint range'],
    ['"big": -9223372036854775809', 'big', 'outside the bigint range'],
    ['"big": 1e19', 'big', 'outside the bigint range'],
    ['"big": "9223372036854775807"', 'big', 'expected an integer (bigint), received string'],
    ['"big": 9007199254740993.5', 'big', 'expected an integer, received number 9007199254740993.5'],
    ['"big": [1]', 'big', 'received array'],
    ['"ratio": 1e400', 'ratio', 'not finite'],
    ['"ratio": "1.5"', 'ratio', 'expected a number'],
    ['"flag": "true"', 'flag', 'expected a boolean'],
    ['"flag": 0', 'flag', 'expected a boolean'],
    ['"day": "2025-02-29"', 'day', 'not a calendar date'],
    ['"day": 20250101', 'day', 'expected a date string'],
    ['"day": "2025-01-31T00:00:00Z"', 'day', 'not a calendar date'],
    ['"label": 5', 'label', 'expected a string, received number 5'],
    ['"label": {"a": 1}', 'label', 'received object'],
  ])('rejects %s with the path and reason', (fields, path, message) => {
    // Act
    const result = validateAllTypes(parseExactJson(`{"label": "x", "at": "2025-01-31T10:00:00Z", ${fields}}`));

    // Assert
    expect(reasonsOf(result)).toHaveLength(1);
    expect(reasonsOf(result)[0]?.path).toBe(path);
    expect(reasonsOf(result)[0]?.message).toContain(message);
  });

  it.each([
    ['"at": "2025-01-31T10:00:00"', 'zone'],
    ['"at": 1738317600000', 'expected an ISO-8601 timestamp string'],
    ['"at": "yesterday"', 'zone'],
  ])('rejects the timestamp %s', (fields, message) => {
    // Act
    const result = validateAllTypes(parseExactJson(`{"label": "x", ${fields}}`));

    // Assert
    expect(reasonsOf(result)).toEqual([{ path: 'at', message: expect.stringContaining(message) }]);
  });

  it.each([
    ['"count": 2147483647', { count: 2147483647 }],
    ['"count": 1.0', { count: 1 }],
    ['"count": 2e3', { count: 2000 }],
    ['"big": 9007199254740993', { big: 9007199254740993n }],
    ['"big": -9223372036854775808', { big: -9223372036854775808n }],
    ['"big": 9007199254740991', { big: 9007199254740991 }],
    ['"big": 1.2345678901234567e16', { big: 12345678901234567n }],
    ['"big": 120000000000000000000e-2', { big: 1200000000000000000n }],
    ['"ratio": -0.000001', { ratio: -0.000001 }],
    ['"ratio": 5', { ratio: 5 }],
  ])('accepts the exact number %s', (fields, expected) => {
    // Act
    const result = validateText(fields);

    // Assert
    expect(result.ok && result.values).toMatchObject(expected);
  });

  it('keeps a bigint beyond 2^53 exact, digit for digit', () => {
    // Act
    const result = validateText('"big": 9007199254740993');

    // Assert
    expect(result.ok && String(result.values.big)).toBe('9007199254740993');
  });

  it('drops unknown fields and names them', () => {
    // Act
    const result = validateText('"extra": 1, "lakeline_message_id": "forged"');

    // Assert
    expect(result.ok).toBe(true);
    expect(result.ok && result.droppedFields).toEqual(['extra', 'lakeline_message_id']);
    expect(result.ok && Object.keys(result.values)).not.toContain('extra');
  });

  it.each([
    ['a JSON string holding JSON', '{"label":"x"}', 'expected an object, received string "{\\"label\\":\\"x\\"}"'],
    ['an array', ['x'], 'expected an object, received array'],
    ['null', null, 'expected an object, received null'],
    ['a number', 3, 'expected an object, received number 3'],
  ])('rejects a record that is %s as a whole', (_name, record, message) => {
    // Act
    const result = validateAllTypes(record);

    // Assert
    expect(reasonsOf(result)).toEqual([{ path: '$', message }]);
  });

  it('keeps unicode and emoji strings unchanged', () => {
    // Prepare
    const name = 'Zoë Ñúñez 李小龍 🛫👩🏽‍✈️';

    // Act
    const result = createRecordValidator(passengers)({ passenger_id: 1, flight_id: 2, name, boarded_at: '2025-01-31T10:00:00+01:00' });

    // Assert
    expect(result.ok && result.values.name).toBe(name);
  });

  it('derives the partition date from the UTC value of the partition column', () => {
    // Act
    const result = createRecordValidator(passengers)({ passenger_id: 1, flight_id: 2, name: 'n', boarded_at: '2025-02-01T01:00:00+02:00' });

    // Assert
    expect(result.ok && result.partitionDate).toBe('2025-01-31');
  });

  it('rejects a record that is a number kept exact by the parser as a whole', () => {
    // Act
    const result = validateAllTypes(new ExactNumber('9007199254740993'));

    // Assert
    expect(reasonsOf(result)).toEqual([{ path: '$', message: 'expected an object, received number 9007199254740993' }]);
  });

  it('reads only the own fields of a record: an inherited one is neither a value nor a dropped field', () => {
    // Prepare
    const record = Object.assign(Object.create({ label: 'inherited', extra: 1 }) as object, { at: '2025-01-31T10:00:00Z' });

    // Act
    const result = validateAllTypes(record);

    // Assert
    expect(reasonsOf(result)).toEqual([{ path: 'label', message: 'required field is missing' }]);
  });

  it('lists no dropped field for a record of known fields whose prototype has enumerable ones', () => {
    // Prepare
    const record = Object.assign(Object.create({ extra: 1 }) as object, { label: 'x', at: '2025-01-31T10:00:00Z' });

    // Act
    const result = validateAllTypes(record);

    // Assert
    expect(result.ok && result.droppedFields).toEqual([]);
  });
});
