import { describe, expect, it } from 'vitest';
import { boundedIntegerSetting, integerSetting, QUERY_SETTING_DEFAULTS, requiredSetting } from '../../../../lambdas/core/environment';

describe('function settings from the environment', () => {
  it('names the missing variable and the function that needs it', () => {
    // Act
    const read = () => requiredSetting({ LAKE_BUCKET: ' ' }, 'LAKE_BUCKET', 'ingest');

    // Assert
    expect(read).toThrow('Environment variable LAKE_BUCKET is required by the ingest function');
  });

  it('falls back when an integer setting is unset and refuses text, fractions and zero', () => {
    // Act
    const unset = integerSetting({}, 'QUERY_MAX_RANGE_DAYS', 31);
    const set = integerSetting({ QUERY_MAX_RANGE_DAYS: '7' }, 'QUERY_MAX_RANGE_DAYS', 31);

    // Assert
    expect(unset).toBe(31);
    expect(set).toBe(7);
    for (const bad of ['seven', '1.5', '0', '-3']) {
      expect(() => integerSetting({ QUERY_MAX_RANGE_DAYS: bad }, 'QUERY_MAX_RANGE_DAYS', 31)).toThrow(
        /QUERY_MAX_RANGE_DAYS must be a positive integer/,
      );
    }
  });

  it('refuses a value above the maximum with the reason for the maximum', () => {
    // Act
    const read = () =>
      integerSetting({ RESULT_REUSE_MAX_AGE_MINUTES: '6' }, 'RESULT_REUSE_MAX_AGE_MINUTES', 5, true, {
        value: 5,
        reason: 'the freshness objective',
      });

    // Assert
    expect(read).toThrow('Environment variable RESULT_REUSE_MAX_AGE_MINUTES must be at most 5 (the freshness objective), got "6"');
  });

  it('defaults result reuse to off, as AWS does not document that execution parameters take part in its match', () => {
    // Assert
    expect(QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes).toBe(0);
  });

  it('caps what one records request may materialise at 100 000 rows by default', () => {
    // Assert
    expect(QUERY_SETTING_DEFAULTS.maxResultRows).toBe(100_000);
  });

  it('accepts zero where zero switches a feature off', () => {
    // Act
    const reuse = integerSetting({ RESULT_REUSE_MAX_AGE_MINUTES: '0' }, 'RESULT_REUSE_MAX_AGE_MINUTES', 60, true);

    // Assert
    expect(reuse).toBe(0);
  });
});

describe('boundedIntegerSetting', () => {
  it('reads the digits of a value within the bounds, blank spaces around it allowed', () => {
    // Act
    const value = boundedIntegerSetting({ LAKELINE_BATCH_SIZE: ' 250 ' }, 'LAKELINE_BATCH_SIZE', 100, 1, { value: 10_000 });

    // Assert
    expect(value).toBe(250);
  });

  it.each(['1e3', '0x10', '7.0', '+5', '9007199254740993'])('refuses %j rather than guessing what number it means', (text) => {
    // Act
    const read = () => boundedIntegerSetting({ QUERY_MAX_RANGE_DAYS: text }, 'QUERY_MAX_RANGE_DAYS', 31, 1);

    // Assert
    expect(read).toThrow(`Environment variable QUERY_MAX_RANGE_DAYS must be a positive integer, got "${text}"`);
  });

  it('states the maximum without a reason when none is given', () => {
    // Act
    const read = () =>
      boundedIntegerSetting({ LAKELINE_BATCH_WINDOW_MS: '300001' }, 'LAKELINE_BATCH_WINDOW_MS', 500, 0, { value: 300_000 });

    // Assert
    expect(read).toThrow('Environment variable LAKELINE_BATCH_WINDOW_MS must be at most 300000, got "300001"');
  });
});

describe('setting bounds and wording', () => {
  it('gives a required setting as it is set, and names an unset one', () => {
    // Act
    const set = requiredSetting({ LAKE_BUCKET: 'lake' }, 'LAKE_BUCKET', 'ingest');
    const unset = () => requiredSetting({}, 'LAKE_BUCKET', 'query');

    // Assert
    expect(set).toBe('lake');
    expect(unset).toThrow('Environment variable LAKE_BUCKET is required by the query function');
  });

  it('falls back when the setting is blank', () => {
    // Act / Assert
    expect(boundedIntegerSetting({ LAKELINE_BATCH_SIZE: '  ' }, 'LAKELINE_BATCH_SIZE', 100, 1)).toBe(100);
  });

  it('accepts the lowest and the highest value allowed', () => {
    // Act
    const lowest = boundedIntegerSetting({ N: '-5' }, 'N', 0, -5, { value: 9 });
    const highest = boundedIntegerSetting({ N: '9' }, 'N', 0, -5, { value: 9 });

    // Assert
    expect([lowest, highest]).toEqual([-5, 9]);
  });

  it.each([
    [0, '-1', 'Environment variable N must be a non-negative integer, got "-1"'],
    [1, '0', 'Environment variable N must be a positive integer, got "0"'],
    [5, '4', 'Environment variable N must be an integer of at least 5, got "4"'],
    [5, 'x5', 'Environment variable N must be an integer of at least 5, got "x5"'],
    [5, '5x', 'Environment variable N must be an integer of at least 5, got "5x"'],
  ])('with a lowest value of %i refuses %j, saying what it accepts', (min, text, message) => {
    // Act
    const read = () => boundedIntegerSetting({ N: text }, 'N', 7, min);

    // Assert
    expect(read).toThrow(message);
  });

  it('refuses zero unless zero is allowed', () => {
    // Act
    const read = () => integerSetting({ N: '0' }, 'N', 3);

    // Assert
    expect(read).toThrow('Environment variable N must be a positive integer, got "0"');
  });
});
