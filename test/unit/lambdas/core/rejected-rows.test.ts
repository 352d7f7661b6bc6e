import { describe, expect, it } from 'vitest';
import { parseReasons, rejectedRow } from '../../../../lambdas/core/rejected-rows';

describe('rejectedRow', () => {
  it('names the fields of the route and parses the reasons from the JSON text an engine selects', () => {
    // Act
    const row = rejectedRow({
      messageId: 'm-1',
      recordIndex: 2,
      receivedAt: '2025-01-20T10:00:00.000Z',
      reasons: '[{"path":"/name","message":"expected \\"string\\" 😀"}]',
      original: '{"name": 1}',
    });

    // Assert
    expect(row).toEqual({
      messageId: 'm-1',
      recordIndex: 2,
      receivedAt: '2025-01-20T10:00:00.000Z',
      reasons: [{ path: '/name', message: 'expected "string" 😀' }],
      original: '{"name": 1}',
    });
  });

  it('reads column labels whatever their case, and a null record index as null', () => {
    // Act
    const row = rejectedRow({ messageid: 'm-2', recordindex: null, receivedat: 't', reasons: '[]', original: '{' });

    // Assert
    expect(row).toEqual({ messageId: 'm-2', recordIndex: null, receivedAt: 't', reasons: [], original: '{' });
  });
});

describe('parseReasons', () => {
  it('reads rows cast positionally as [path, message], already parsed lists, and keeps unparsable text as a message', () => {
    // Act
    const positional = parseReasons('[["/a","bad"]]');
    const parsed = parseReasons([{ path: '/b', message: 'worse' }]);
    const text = parseReasons('not json');
    const absent = parseReasons(null);

    // Assert
    expect(positional).toEqual([{ path: '/a', message: 'bad' }]);
    expect(parsed).toEqual([{ path: '/b', message: 'worse' }]);
    expect(text).toEqual([{ path: '', message: 'not json' }]);
    expect(absent).toEqual([]);
  });
});

describe('rejectedRow values', () => {
  it('gives a label in the exact case before another spelling of it', () => {
    // Act
    const row = rejectedRow({ messageid: 'lower', messageId: 'exact', reasons: null });

    // Assert
    expect(row.messageId).toBe('exact');
  });

  it('writes numbers as text, missing and null fields as empty text, and a record index that is not a number as null', () => {
    // Act
    const row = rejectedRow({ messageId: 42, receivedAt: null, recordIndex: '3', original: false });

    // Assert
    expect(row).toEqual({ messageId: '42', recordIndex: null, receivedAt: '', reasons: [], original: 'false' });
  });
});

describe('parseReasons shapes', () => {
  it('reads missing, null and non-text parts of a reason as text, empty when absent', () => {
    // Act
    const reasons = parseReasons([null, ['/a'], [null, 7], { path: 1 }, { message: 'only' }]);

    // Assert
    expect(reasons).toEqual([
      { path: '', message: '' },
      { path: '/a', message: '' },
      { path: '', message: '7' },
      { path: '1', message: '' },
      { path: '', message: 'only' },
    ]);
  });

  it('finds no reasons in JSON that is not a list, nor in a value that is neither text nor a list', () => {
    // Act
    const found = [parseReasons('{"path":"/a","message":"bad"}'), parseReasons('"text"'), parseReasons(3), parseReasons(undefined)];

    // Assert
    expect(found).toEqual([[], [], [], []]);
  });
});
