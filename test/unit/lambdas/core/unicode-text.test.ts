import { describe, expect, it } from 'vitest';
import { encodeRejectedLine } from '../../../../lambdas/core/rejected-line';
import { parseSnsEnvelope, snsNotificationBody } from '../../../../lambdas/core/sns-envelope';
import { escapeLoneSurrogates, isWellFormedText } from '../../../../lambdas/core/unicode-text';

describe('isWellFormedText', () => {
  it.each([
    ['', true],
    ['plain', true],
    ['pair 😀', true],
    ['\ud83d\ude00', true],
    ['nul \u0000 and controls \u0001\u001f\u007f', true],
    ['noncharacters \ufffe\uffff', true],
    ['x\ud800y', false],
    ['\udc00', false],
    ['\ud800', false],
    ['\ude00\ud83d', false],
    ['\ud800\ud800\udc00', false],
  ])('says %j is well formed: %s', (text, expected) => {
    // Act / Assert
    expect(isWellFormedText(text)).toBe(expected);
  });
});

describe('escapeLoneSurrogates', () => {
  it('writes each lone surrogate as its six-character escape and keeps pairs', () => {
    // Act
    const escaped = escapeLoneSurrogates('a\ud800b\udfffc😀\ud83d');

    // Assert
    expect(escaped).toBe('a\\ud800b\\udfffc😀\\ud83d');
    expect(isWellFormedText(escaped)).toBe(true);
  });

  it('turns JSON text with a raw lone surrogate into JSON text of the same value', () => {
    // Prepare
    const original = '{"name":"x\ud800y"}';

    // Act
    const escaped = escapeLoneSurrogates(original);

    // Assert
    expect(JSON.parse(escaped)).toEqual(JSON.parse(original));
  });
});

describe('text written to rejected/', () => {
  it('holds no lone surrogate, so DuckDB and Athena read the line', () => {
    // Act
    const line = encodeRejectedLine({
      messageId: 'm\udc00',
      recordIndex: 0,
      reasons: [{ path: 'name', message: 'bad \ud800' }],
      original: '{"name":"\ud800"}',
      receivedAt: '2025-01-01T00:00:00.000Z',
    });

    // Assert
    const parsed = JSON.parse(line) as { messageId: string; reasons: { message: string }[]; original: string };
    expect(
      [parsed.messageId, parsed.reasons[0]?.message, parsed.original].every((text) => text !== undefined && isWellFormedText(text)),
    ).toBe(true);
    expect(parsed).toMatchObject({ messageId: 'm\\udc00', original: '{"name":"\\ud800"}' });
  });
});

describe('an SNS envelope whose message id is not Unicode text', () => {
  it('is not read as an envelope, since the id would be stored on every row', () => {
    // Prepare
    const body = snsNotificationBody({ messageId: 'id-\ud800', topicArn: 'arn:aws:sns:us-east-1:1:t', message: '{}' });

    // Act / Assert
    expect(parseSnsEnvelope(body)).toBeUndefined();
  });
});

describe('surrogate ranges', () => {
  it.each([
    ['\ud800\udc00', true],
    ['\udbff\udfff', true],
    ['\ud800\udfff', true],
    ['\udbff\udc00', true],
    ['\ud7ff\ue000', true],
    ['\udbff', false],
    ['\udfff', false],
    ['a\udbffb', false],
    ['a\udc00b', false],
  ])('says %j at the ends of the surrogate ranges is well formed: %s', (text, expected) => {
    // Act / Assert
    expect(isWellFormedText(text)).toBe(expected);
  });

  it('escapes lone surrogates at the ends of both ranges and keeps every pair', () => {
    // Act
    const escaped = escapeLoneSurrogates('\udbff-\udc00-\ud800\udc00-\udbff\udfff-\udfff');

    // Assert
    expect(escaped).toBe('\\udbff-\\udc00-\ud800\udc00-\udbff\udfff-\\udfff');
  });
});
