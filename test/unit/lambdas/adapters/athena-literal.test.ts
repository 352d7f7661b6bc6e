import { describe, expect, it } from 'vitest';
import { athenaLiteral } from '../../../../lambdas/adapters/athena-literal';
import { INTEGER_RANGES } from '../../../../lambdas/core/dataset';

describe('athenaLiteral for bigint parameters', () => {
  it.each([
    ['the smallest bigint', INTEGER_RANGES.bigint.min, "BIGINT '-9223372036854775808'"],
    ['the largest bigint', INTEGER_RANGES.bigint.max, "BIGINT '9223372036854775807'"],
    ['zero', 0n, "BIGINT '0'"],
    ['minus one', -1n, "BIGINT '-1'"],
  ])('renders %s as a typed literal Trino reads without a unary minus', (_, value, expected) => {
    // Act
    const literal = athenaLiteral({ type: 'bigint', value });

    // Assert
    expect(literal).toBe(expected);
  });

  it('never renders a bare negative number, which Trino would read as minus applied to a positive literal', () => {
    // Act
    const literal = athenaLiteral({ type: 'bigint', value: INTEGER_RANGES.bigint.min });

    // Assert
    expect(literal).not.toMatch(/^-/);
  });

  it('refuses a value outside the signed 64-bit range instead of sending a literal Athena rejects', () => {
    // Act
    const render = () => athenaLiteral({ type: 'bigint', value: INTEGER_RANGES.bigint.max + 1n });

    // Assert
    expect(render).toThrow(/bigint/);
  });
});
