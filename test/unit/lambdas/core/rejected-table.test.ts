import { describe, expect, it } from 'vitest';
import { encodeRejectedLine, type RejectedLine } from '../../../../lambdas/core/rejected-line';
import { REJECTED, REJECTED_COLUMNS } from '../../../../lambdas/core/rejected-table';

const LINE: RejectedLine = {
  messageId: 'm-1',
  recordIndex: 0,
  reasons: [{ path: '$.name', message: 'is required' }],
  original: '{}',
  receivedAt: '2025-01-31T15:00:00.000Z',
};

describe('rejected table columns', () => {
  it('reads every key of a rejected line, each into the column named as the key in lower case, with its Hive type', () => {
    // Act
    const columns = REJECTED_COLUMNS.map((column) => [column.name, column.key, column.hiveType]);

    // Assert
    expect(columns).toEqual([
      ['messageid', 'messageId', 'string'],
      ['recordindex', 'recordIndex', 'int'],
      ['reasons', 'reasons', 'array<struct<path:string,message:string>>'],
      ['original', 'original', 'string'],
      ['receivedat', 'receivedAt', 'string'],
    ]);
    expect(REJECTED_COLUMNS.map((column) => column.key).sort()).toEqual(Object.keys(JSON.parse(encodeRejectedLine(LINE))).sort());
  });

  it('describes every column for the catalog', () => {
    // Act
    const undescribed = REJECTED_COLUMNS.filter((column) => column.description.trim().length === 0);

    // Assert
    expect(undescribed).toEqual([]);
  });

  it('names by role the same column the table reads each key into', () => {
    // Act
    const byKey = Object.fromEntries(REJECTED_COLUMNS.map((column) => [column.key, column.name]));

    // Assert
    expect(REJECTED).toEqual(byKey);
  });
});
