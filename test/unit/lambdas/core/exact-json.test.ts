import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExactNumber, jsonArrayElementTexts, parseExactJson } from '../../../../lambdas/core/exact-json';

describe('parseExactJson', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  it.each([
    ['a 15-character number', '[1234567890123.5, "x"]', true],
    ['a 16-character number', '[12345678901234.5, "x"]', false],
    ['an exponent', '[1e3, "x"]', false],
  ])('hands text with %s to the engine JSON.parse only when no number may round', (_case, text, native) => {
    // Prepare
    const nativeParse = vi.spyOn(JSON, 'parse');

    // Act
    parseExactJson(text);

    // Assert
    expect(nativeParse.mock.calls.some(([parsed]) => parsed === text)).toBe(native);
  });

  it('defines only a "__proto__" key and assigns the others, which is faster', () => {
    // Prepare
    const define = vi.spyOn(Object, 'defineProperty');

    // Act
    const value = parseExactJson('{"__proto__": 1, "id": 12345678901234567, "name": "x"}');

    // Assert
    expect(define.mock.calls.filter(([target]) => target === value).map(([, key]) => key)).toEqual(['__proto__']);
  });

  it('keeps the last value of a repeated key, as JSON.parse does', () => {
    // Act
    const value = parseExactJson('{"a": 1, "a": 12345678901234567}');

    // Assert
    expect(value).toEqual({ a: new ExactNumber('12345678901234567') });
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

  it('gives "__proto__" the same own, enumerable, writable property JSON.parse gives it', () => {
    // Prepare
    const text = '{"__proto__": {"polluted": 1}, "id": 12345678901234567}';

    // Act
    const value = parseExactJson(text) as Record<string, unknown>;

    // Assert
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')).toEqual(Object.getOwnPropertyDescriptor(JSON.parse(text), '__proto__'));
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')).toEqual({
      value: { polluted: 1 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
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

describe('exact-path details', () => {
  it.each([
    ['12345678901234567 trailing', 'Unexpected text after JSON at position 18 of JSON text'],
    ['[12345678901234567 1]', "Expected ',' or ']' at position 19 of JSON text"],
    ['{"a": 12345678901234567 1}', "Expected ',' or '}' at position 24 of JSON text"],
    ['{12345678901234567}', 'Expected a property name at position 1 of JSON text'],
    ['{"a": 12345678901234567,}', 'Expected a property name at position 24 of JSON text'],
    ['{"a" 12345678901234567}', "Expected ':' at position 5 of JSON text"],
    ['"unterminated 12345678901234567', 'Unterminated string at position 31 of JSON text'],
    ['{"a": x} 12345678901234567', 'Unexpected token at position 6 of JSON text'],
    ['{"a": tru} 12345678901234567', 'Unexpected token at position 6 of JSON text'],
    ['[12345678901234567,', 'Unexpected token at position 19 of JSON text'],
  ])('says where %j stops being JSON', (text, message) => {
    // Act / Assert
    expect(() => parseExactJson(text)).toThrow(new SyntaxError(message));
  });

  it('refuses a text that is not an array when asked for array element texts', () => {
    // Act / Assert
    expect(() => jsonArrayElementTexts('{"a": 1}')).toThrow(new SyntaxError('JSON text is not an array'));
  });

  it('keeps a number exact when a double could round it: 16 digits, or an exponent', () => {
    // Act
    const value = parseExactJson('[9007199254740993, 123456789012345e3, 123456789012345, 1234567890.12345, -7, 0, 0.25, 3E-1, 2e+5]');

    // Assert
    expect(value).toEqual([
      new ExactNumber('9007199254740993'),
      new ExactNumber('123456789012345e3'),
      123456789012345,
      new ExactNumber('1234567890.12345'),
      -7,
      0,
      0.25,
      new ExactNumber('3E-1'),
      new ExactNumber('2e+5'),
    ]);
  });

  it.each([
    ['16 digits', '{"n": 9007199254740993}', '9007199254740993'],
    ['16 characters of digits and a dot', '{"n": 1234567890.12345}', '1234567890.12345'],
    ['a capital exponent', '{"n": 5E3}', '5E3'],
    ['a negative exponent', '{"n": 5e-3}', '5e-3'],
  ])('keeps a number of %s exact in a text with nothing else risky', (_case, text, source) => {
    // Act
    const value = parseExactJson(text) as { n: unknown };

    // Assert
    expect(value.n).toEqual(new ExactNumber(source));
  });

  it('reads a text with 15-digit numbers and no exponent as plain numbers', () => {
    // Act
    const value = parseExactJson('{"n": 123456789012345, "d": 1234567890123.5, "e": "1e5"}');

    // Assert
    expect(value).toEqual({ n: 123456789012345, d: 1234567890123.5, e: '1e5' });
  });

  it('keeps an exponent number exact even in a text with no long digit run', () => {
    // Act
    const value = parseExactJson('{"big": 123456789012345e3}') as { big: ExactNumber };

    // Assert
    expect(value.big).toEqual(new ExactNumber('123456789012345e3'));
  });

  it('reads every kind of JSON whitespace and escaped quotes on the exact path', () => {
    // Prepare
    const text = '\t\r\n [\t"a\\"b\\\\" ,\r\n12345678901234567\n,\r{ "k"\t:\n"v" } ]\r\n';

    // Act
    const value = parseExactJson(text);
    const texts = jsonArrayElementTexts(text);

    // Assert
    expect(value).toEqual(['a"b\\', new ExactNumber('12345678901234567'), { k: 'v' }]);
    expect(texts).toEqual(['"a\\"b\\\\"', '12345678901234567', '{ "k"\t:\n"v" }']);
  });

  it('writes an exact number as the JSON number it denotes', () => {
    // Act
    const text = JSON.stringify({ big: new ExactNumber('1.5e3') });

    // Assert
    expect(text).toBe('{"big":1500}');
  });
});
