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

  it('orders dates ascending whatever order they arrive in', () => {
    // Prepare
    const dates = ['2025-03-02', '2024-12-31', '2025-03-01', '2025-01-15', '2024-12-30'];

    // Act
    const groups = groupByPartition(dates, (dt) => dt);

    // Assert
    expect([...groups.keys()]).toEqual(['2024-12-30', '2024-12-31', '2025-01-15', '2025-03-01', '2025-03-02']);
    expect([...groups.values()]).toEqual([['2024-12-30'], ['2024-12-31'], ['2025-01-15'], ['2025-03-01'], ['2025-03-02']]);
  });

  it('keeps dates that arrive already ascending in that order', () => {
    // Prepare
    const dates = ['2025-01-01', '2025-01-02', '2025-01-03'];

    // Act
    const groups = groupByPartition(dates, (dt) => dt);

    // Assert
    expect([...groups.keys()]).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
  });
});
