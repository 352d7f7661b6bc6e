import { describe, expect, it } from 'vitest';
import { passengers } from '../../../datasets/passengers';
import { jsonArrayElementTexts } from '../../../lambdas/core/exact-json';
import { toJsonText } from '../../../local/publish/json-text';
import { formatOfFile, readRecordTexts } from '../../../local/publish/record-reader';

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
