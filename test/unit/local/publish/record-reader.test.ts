import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { jsonArrayElementTexts } from '../../../../lambdas/core/exact-json';
import { toJsonText } from '../../../../local/publish/json-text';
import { describeInvalidLines, formatOfFile, readRecords, readRecordTexts } from '../../../../local/publish/record-reader';

describe('reading records to publish', () => {
  it('splits a JSON array into the exact texts of its elements, keeping big integers and nested commas', () => {
    // Act
    const elements = jsonArrayElementTexts('[ {"a": 18446744073709551615, "s": "x,]}"}, [1,2], "t" ]');

    // Assert
    expect(elements).toEqual(['{"a": 18446744073709551615, "s": "x,]}"}', '[1,2]', '"t"']);
  });

  it('splits an array whose element nests 100,000 levels deep', () => {
    // Prepare
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

    // Act
    const elements = jsonArrayElementTexts(`[1, ${deep}, {"a": 18446744073709551615}]`);

    // Assert
    expect(elements).toEqual(['1', deep, '{"a": 18446744073709551615}']);
  });

  it('refuses an array that is not valid JSON', () => {
    // Act / Assert
    expect(() => jsonArrayElementTexts('[1, 2,]')).toThrow(SyntaxError);
  });

  it('types CSV cells by the dataset definition and writes a bigint beyond 2^53 as exact digits', () => {
    // Prepare
    const csv = 'passenger_id,flight_id,name,seat_number,boarded_at\n9223372036854775807,12,"Doe, Jane",,2025-01-01T00:00:00Z\n';

    // Act
    const texts = readRecordTexts(csv, 'csv', passengers);

    // Assert
    expect(texts).toEqual(['{"passenger_id":9223372036854775807,"flight_id":12,"name":"Doe, Jane","boarded_at":"2025-01-01T00:00:00Z"}']);
  });

  it('names the line of invalid NDJSON', () => {
    // Act
    const read = () => readRecordTexts('{"a":1}\n\n{"a":\n', 'ndjson', passengers);

    // Assert
    expect(read).toThrow('line 3 is not valid JSON');
  });

  it('lists every invalid NDJSON line with its number and reason, and keeps the valid records', () => {
    // Prepare
    const ndjson = '{"a":1}\nnot json\n\n{"a":2}\n{"a":\n{"a":3}\n';

    // Act
    const { records, invalid } = readRecords(ndjson, 'ndjson', passengers);

    // Assert
    expect(records).toEqual(['{"a":1}', '{"a":2}', '{"a":3}']);
    expect(invalid.map((entry) => entry.line)).toEqual([2, 5]);
    expect(invalid.every((entry) => entry.reason.startsWith('not valid JSON: '))).toBe(true);
  });

  it('lists every CSV record with the wrong number of cells by its line, and keeps the others', () => {
    // Prepare
    const csv = 'passenger_id,flight_id,name\n1,12,Ada\n2,12\n3,12,Grace\n4,12,Hedy,extra\n';

    // Act
    const { records, invalid } = readRecords(csv, 'csv', passengers);

    // Assert
    expect(records).toEqual(['{"passenger_id":1,"flight_id":12,"name":"Ada"}', '{"passenger_id":3,"flight_id":12,"name":"Grace"}']);
    expect(invalid.map((entry) => entry.line)).toEqual([3, 5]);
    expect(invalid[0]?.reason).toMatch(/^not a valid CSV record: Invalid Record Length: columns length is 3, got 2$/);
  });

  it('describes at most 20 invalid lines and counts the rest', () => {
    // Prepare
    const invalid = Array.from({ length: 23 }, (_, index) => ({ line: index + 1, reason: 'not valid JSON: x' }));

    // Act
    const lines = describeInvalidLines(invalid);

    // Assert
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('line 1 is not valid JSON: x');
    expect(lines[20]).toBe('and 3 more');
  });

  it('refuses a file with invalid lines naming every one, not only the first', () => {
    // Act
    const read = () => readRecordTexts('x\n{"a":1}\ny\n', 'ndjson', passengers);

    // Assert
    expect(read).toThrow(/line 1 is not valid JSON.*; line 3 is not valid JSON/);
  });

  it('picks the format from the file extension', () => {
    // Act
    const formats = ['a.csv', 'a.json', 'a.ndjson', 'a.jsonl'].map(formatOfFile);

    // Assert
    expect(formats).toEqual(['csv', 'json', 'ndjson', 'ndjson']);
  });

  it('serialises bigint values as bare digits and drops undefined fields', () => {
    // Act
    const text = toJsonText({ id: 2n ** 64n, missing: undefined, list: [1n, 'a'] });

    // Assert
    expect(text).toBe('{"id":18446744073709551616,"list":[1,"a"]}');
  });
});
