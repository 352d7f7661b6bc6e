/**
 * JSON parsing that keeps every number exactly as written where a double could not.
 *
 * `JSON.parse` rounds integers beyond 2^53, and Node 20 has no reviver `context.source`.
 * Texts that cannot hold such a number (no run of 16 digits/dots, no exponent) go to the
 * native `JSON.parse`; the rest go through a small parser that keeps risky number tokens
 * as `ExactNumber` (their source text), so a bigint column can read them without loss.
 */

/** A JSON number token kept as its source text because a double might not represent it exactly. */
export class ExactNumber {
  constructor(readonly source: string) {}

  toNumber(): number {
    return Number(this.source);
  }

  toJSON(): unknown {
    return this.toNumber();
  }
}

/** Text that might hold a number a double cannot represent exactly: 16 chars of digits/dots, or an exponent. Two regexes test faster than one alternation. */
const LONG_DIGIT_RUN = /[\d.]{16}/;
const EXPONENT = /\d[eE][+-]?\d/;

/** Parses JSON like `JSON.parse`, except that number tokens a double may round come back as `ExactNumber`. Throws SyntaxError. */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text) && !EXPONENT.test(text)) return JSON.parse(text);
  return new ExactJsonParser(text).parseDocument().value;
}

/** The source text of each element of a top-level JSON array (for quoting rejected records verbatim). Throws SyntaxError. */
export function jsonArrayElementTexts(text: string): string[] {
  const parsed = new ExactJsonParser(text).parseDocument();
  if (parsed.elementSpans === undefined) throw new SyntaxError('JSON text is not an array');
  return parsed.elementSpans.map(([start, end]) => text.slice(start, end));
}

/** A token with an exponent or 16+ digits/dots: `Number()` may round it to (or away from) an integer. */
const RISKY_TOKEN = /[eE]|[\d.]{16}/;
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Up to the next quote or backslash; control characters are then refused by JSON.parse of the whole string token. */
const STRING_BODY = /[^"\\]*/y;

/** An array or object whose elements are still being read; the parser keeps these on a heap stack, never the call stack. */
type OpenContainer =
  | { readonly kind: 'array'; readonly value: unknown[]; readonly spans?: Array<[number, number]>; elementStart: number }
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; key: string };

/**
 * An iterative JSON parser: nesting depth is bounded only by the text's length (an SNS message is at most 256 KB), so
 * no record is refused for its shape alone, however deep an unknown field nests.
 */
class ExactJsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parseDocument(): { value: unknown; elementSpans: Array<[number, number]> | undefined } {
    this.skipWhitespace();
    const elementSpans: Array<[number, number]> | undefined = this.text[this.position] === '[' ? [] : undefined;
    const value = this.parseValue(elementSpans);
    this.skipWhitespace();
    if (this.position !== this.text.length) this.fail('Unexpected text after JSON');
    return { value, elementSpans };
  }

  /** Reads one value; `rootSpans`, when given, receives the source span of each element of the outermost array. */
  private parseValue(rootSpans?: Array<[number, number]>): unknown {
    const stack: OpenContainer[] = [];
    for (;;) {
      // Read the next value, or open a container and go on reading its first element.
      this.skipWhitespace();
      let value: unknown;
      const char = this.text[this.position];
      if (char === '{' || char === '[') {
        this.position++;
        this.skipWhitespace();
        const closing = char === '{' ? '}' : ']';
        if (this.text[this.position] === closing) {
          this.position++;
          value = char === '{' ? {} : [];
        } else if (char === '[') {
          const spans = stack.length === 0 ? rootSpans : undefined;
          stack.push({ kind: 'array', value: [], ...(spans ? { spans } : {}), elementStart: this.position });
          continue;
        } else {
          stack.push({ kind: 'object', value: {}, key: this.parseKey() });
          continue;
        }
      } else {
        value = this.parseScalar(char);
      }
      // Hand the finished value to its container; a container that closes is itself a finished value.
      for (;;) {
        const open = stack[stack.length - 1];
        if (open === undefined) return value;
        if (open.kind === 'object') {
          // As with JSON.parse, a "__proto__" key becomes an own property, never the prototype. Only that key is defined:
          // defining a property takes about ten times as long as assigning it.
          if (open.key === '__proto__') {
            Object.defineProperty(open.value, open.key, { value, enumerable: true, writable: true, configurable: true });
          } else {
            open.value[open.key] = value;
          }
        } else {
          open.value.push(value);
          open.spans?.push([open.elementStart, this.position]);
        }
        this.skipWhitespace();
        const separator = this.text[this.position];
        if (separator === ',') {
          this.position++;
          if (open.kind === 'array') {
            this.skipWhitespace();
            open.elementStart = this.position;
          } else {
            open.key = this.parseKey();
          }
          break;
        }
        if (separator !== (open.kind === 'array' ? ']' : '}'))
          this.fail(open.kind === 'array' ? "Expected ',' or ']'" : "Expected ',' or '}'");
        this.position++;
        stack.pop();
        value = open.value;
      }
    }
  }

  /** A property name and its colon. */
  private parseKey(): string {
    this.skipWhitespace();
    if (this.text[this.position] !== '"') this.fail('Expected a property name');
    const key = this.parseString();
    this.skipWhitespace();
    this.expect(':');
    return key;
  }

  private parseScalar(char: string | undefined): unknown {
    switch (char) {
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        return this.parseNumber();
    }
  }

  private parseString(): string {
    const start = this.position;
    this.position++;
    for (;;) {
      STRING_BODY.lastIndex = this.position;
      STRING_BODY.test(this.text);
      this.position = STRING_BODY.lastIndex;
      const char = this.text[this.position];
      if (char === '"') break;
      if (char === '\\') this.position += 2;
      else this.fail('Unterminated string');
    }
    this.position++;
    // The native parser decodes escapes (and rejects bad ones) for us.
    return JSON.parse(this.text.slice(start, this.position)) as string;
  }

  private parseNumber(): number | ExactNumber {
    NUMBER_TOKEN.lastIndex = this.position;
    const match = NUMBER_TOKEN.exec(this.text);
    if (match === null) this.fail('Unexpected token');
    const token = match[0];
    this.position += token.length;
    return RISKY_TOKEN.test(token) ? new ExactNumber(token) : Number(token);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) this.fail('Unexpected token');
    this.position += word.length;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) this.fail(`Expected '${char}'`);
    this.position++;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let position = this.position;
    for (;;) {
      const code = text.charCodeAt(position);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) position++;
      else break;
    }
    this.position = position;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.position} of JSON text`);
  }
}
