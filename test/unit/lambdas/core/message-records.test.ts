import { describe, expect, it } from 'vitest';
import { readMessageRecords, recordTexts } from '../../../../lambdas/core/message-records';

describe('readMessageRecords', () => {
  it('reads an object as one record', () => {
    // Act
    const result = readMessageRecords('{"a": 1}');

    // Assert
    expect(result).toEqual({ ok: true, records: [{ a: 1 }], isArray: false });
  });

  it('reads an array as its records and an empty array as none', () => {
    // Act
    const many = readMessageRecords('[{"a": 1}, {"a": 2}]');
    const none = readMessageRecords('[]');

    // Assert
    expect(many).toEqual({ ok: true, records: [{ a: 1 }, { a: 2 }], isArray: true });
    expect(none).toEqual({ ok: true, records: [], isArray: true });
  });

  it('ignores a UTF-8 byte order mark before the JSON', () => {
    // Act
    const result = readMessageRecords('\uFEFF{"a": 1}');

    // Assert
    expect(result).toEqual({ ok: true, records: [{ a: 1 }], isArray: false });
  });

  it('keeps a JSON string holding JSON as a string record, without unwrapping it', () => {
    // Act
    const result = readMessageRecords('"{\\"a\\": 1}"');

    // Assert
    expect(result).toEqual({ ok: true, records: ['{"a": 1}'], isArray: false });
  });

  it('says why a message that is not JSON cannot be read', () => {
    // Act
    const result = readMessageRecords('passenger 42 boarded');

    // Assert
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/^message is not valid JSON: /);
  });

  it('gives the reason the parser stopped at, after saying the message is not JSON', () => {
    // Act
    const result = readMessageRecords('[12345678901234567 1]');

    // Assert
    expect(result).toEqual({ ok: false, message: "message is not valid JSON: Expected ',' or ']' at position 19 of JSON text" });
  });
});

describe('recordTexts', () => {
  it('gives the verbatim text of each record of an array message', () => {
    // Act
    const texts = recordTexts('\uFEFF[{"a": 1},  {"b": "x"}]', true);

    // Assert
    expect(texts).toEqual(['{"a": 1}', '{"b": "x"}']);
  });

  it('gives the whole message text for a single-record message', () => {
    // Act / Assert
    expect(recordTexts('  {"a": 1}\n', false)).toEqual(['{"a": 1}']);
  });
});
