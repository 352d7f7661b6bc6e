import { describe, expect, it } from 'vitest';
import { groupByPartition } from '../../../../lambdas/core/partition';

describe('groupByPartition', () => {
  it('groups items by date, dates ascending, order kept inside a group', () => {
    // Prepare
    const items = [
      { dt: '2025-02-01', n: 1 },
      { dt: '2025-01-31', n: 2 },
      { dt: '2025-02-01', n: 3 },
    ];

    // Act
    const groups = groupByPartition(items, (item) => item.dt);

    // Assert
    expect([...groups.keys()]).toEqual(['2025-01-31', '2025-02-01']);
    expect(groups.get('2025-02-01')?.map((item) => item.n)).toEqual([1, 3]);
  });

  it('gives no groups for no items', () => {
    // Act / Assert
    expect(groupByPartition([], () => 'x').size).toBe(0);
  });
});
