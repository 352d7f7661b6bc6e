import { describe, expect, it } from 'vitest';
import { quoteIdentifier, quoteName, quoteString } from '../../../../lambdas/core/sql-text';

describe('SQL text', () => {
  it('doubles embedded quotes in a string literal', () => {
    // Act
    const literal = quoteString("O'Brien ''");

    // Assert
    expect(literal).toBe("'O''Brien '''''");
  });

  it('quotes any name as an identifier, doubling embedded double quotes', () => {
    // Act
    const identifier = quoteName('a "b" c');

    // Assert
    expect(identifier).toBe('"a ""b"" c"');
  });

  it('quotes a dataset identifier and refuses anything not lower snake case', () => {
    // Act
    const quoted = quoteIdentifier('boarded_at');
    const refuse = () => quoteIdentifier('Name');

    // Assert
    expect(quoted).toBe('"boarded_at"');
    expect(refuse).toThrow('refusing to quote identifier');
  });
});

describe('quoteIdentifier', () => {
  it.each(['a', 'boarded_at', 'a1_b2'])('quotes the lower snake case name %j', (name) => {
    // Act / Assert
    expect(quoteIdentifier(name)).toBe(`"${name}"`);
  });

  it.each(['', 'Name', 'aB', '1a', '_a', 'a-b', 'a b', 'a"b'])('refuses %j, naming it', (name) => {
    // Act
    const refuse = () => quoteIdentifier(name);

    // Assert
    expect(refuse).toThrow(`refusing to quote identifier ${JSON.stringify(name)}`);
  });
});
