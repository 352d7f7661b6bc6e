import { describe, expect, it } from 'vitest';
import { encodeRejectedLine } from '../../../../lambdas/core/rejected-line';

describe('encodeRejectedLine', () => {
  it('writes one JSON line with the message id, record index, reasons, original text and receive time, in that order', () => {
    // Act
    const line = encodeRejectedLine({
      messageId: 'm-1',
      recordIndex: 2,
      reasons: [
        { path: 'name', message: 'expected a string, received number 5' },
        { path: 'seat', message: 'required field is missing' },
      ],
      original: '{"name": 5}',
      receivedAt: '2025-01-31T12:00:00.000Z',
    });

    // Assert
    expect(line).toBe(
      '{"messageId":"m-1","recordIndex":2,"reasons":[{"path":"name","message":"expected a string, received number 5"},' +
        '{"path":"seat","message":"required field is missing"}],"original":"{\\"name\\": 5}","receivedAt":"2025-01-31T12:00:00.000Z"}',
    );
  });

  it('keeps a null record index for a message that could not be read', () => {
    // Act
    const line = encodeRejectedLine({
      messageId: 'q-1',
      recordIndex: null,
      reasons: [],
      original: 'hello',
      receivedAt: '2025-01-31T12:00:00.000Z',
    });

    // Assert
    expect(JSON.parse(line)).toEqual({
      messageId: 'q-1',
      recordIndex: null,
      reasons: [],
      original: 'hello',
      receivedAt: '2025-01-31T12:00:00.000Z',
    });
  });

  it('writes a lone surrogate in every text field as its six-character escape', () => {
    // Act
    const line = encodeRejectedLine({
      messageId: 'm\ud800',
      recordIndex: 0,
      reasons: [{ path: 'p\udc00', message: 'm\ud801' }],
      original: '{"name":"x\ud802"}',
      receivedAt: 't\udbff',
    });

    // Assert
    expect(JSON.parse(line)).toEqual({
      messageId: 'm\\ud800',
      recordIndex: 0,
      reasons: [{ path: 'p\\udc00', message: 'm\\ud801' }],
      original: '{"name":"x\\ud802"}',
      receivedAt: 't\\udbff',
    });
  });
});
