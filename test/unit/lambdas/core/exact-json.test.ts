import { describe, expect, it } from 'vitest';
import { ExactNumber, jsonArrayElementTexts, parseExactJson } from '../../../../lambdas/core/exact-json';

describe('parseExactJson', () => {
  it('keeps an integer beyond 2^53 as its exact digits', () => {
    // Prepare
    const text = '{"id": 9223372036854775807, "small": 42}';

    // Act
    const value = parseExactJson(text) as Record<string, unknown>;

    // Assert
    expect(value.id).toBeInstanceOf(ExactNumber);
    expect((value.id as ExactNumber).source).toBe('9223372036854775807');
    expect(value.small).toBe(42);
  });

  it('returns the same values as JSON.parse for text without long numbers', () => {
    // Prepare
    const text = '{"a":[1,2.5,true,false,null,"x\\"y\\u00e9"],"b":{"c":-3}}';

    // Act
    const value = parseExactJson(text);

    // Assert
    expect(value).toEqual(JSON.parse(text));
  });

  it('parses nested structures, escapes and unicode on the exact path like JSON.parse', () => {
    // Prepare
    const text =
      ' [ {"n": 12345678901234567, "s": "emoji 🛫 \\ud83d\\ude00 \\n tab\\t", "a": [ ], "o": { }, "t": true, "f": false, "z": null, "d": -0.5} ] ';

    // Act
    const value = parseExactJson(text) as Array<Record<string, unknown>>;

    // Assert
    const expected = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(value[0]?.s).toBe(expected[0]?.s);
    expect(value[0]?.a).toEqual([]);
    expect(value[0]?.o).toEqual({});
    expect([value[0]?.t, value[0]?.f, value[0]?.z]).toEqual([true, false, null]);
    expect(value[0]?.n).toEqual(new ExactNumber('12345678901234567'));
    expect(value[0]?.d).toBe(-0.5);
  });

  it('keeps numbers with an exponent as their source text', () => {
    // Act
    const value = parseExactJson('[1e3, 2.5E-2]') as ExactNumber[];

    // Assert
    expect(value.map((number) => number.source)).toEqual(['1e3', '2.5E-2']);
  });

  it('makes "__proto__" an own property, never the prototype', () => {
    // Act
    const value = parseExactJson('{"__proto__": {"polluted": 1}, "id": 12345678901234567}') as Record<string, unknown>;

    // Assert
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each([
    '{"a": 12345678901234567,}',
    '{"a": 12345678901234567',
    '[12345678901234567 1]',
    '{"a": 01234567890123456}',
    '"unterminated 12345678901234567',
    '12345678901234567 trailing',
    '{"a": tru} 12345678901234567',
    '',
  ])('throws a SyntaxError on invalid JSON %j', (text) => {
    // Act / Assert
    expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });
});

describe('jsonArrayElementTexts', () => {
  it('returns the verbatim source text of each top-level element', () => {
    // Prepare
    const text = '[ {"a": 1,  "b": "]"} ,"x", 12345678901234567890 ,[1, 2]]';

    // Act
    const texts = jsonArrayElementTexts(text);

    // Assert
    expect(texts).toEqual(['{"a": 1,  "b": "]"}', '"x"', '12345678901234567890', '[1, 2]']);
  });

  it('throws when the text is not an array', () => {
    // Act / Assert
    expect(() => jsonArrayElementTexts('{"a": 1}')).toThrow(SyntaxError);
  });
});
