import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import type { ColumnDefinition } from '../../../../lambdas/core/dataset';
import { type LakeRowsScope, lakeRows } from '../../../../lambdas/core/lake-rows';

const COPY_NUMBER =
  'ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ORDER BY "lakeline_ingested_at") AS "lakeline_copy"';
const FLIGHT_ID = passengers.columns.find((column) => column.name === 'flight_id') as ColumnDefinition;
const FLIGHT_FILTER = { column: FLIGHT_ID, parameter: { type: 'bigint', value: 7n } } as const;

function scope(compactedDays: readonly string[], filters: LakeRowsScope['filters'] = [FLIGHT_FILTER]): LakeRowsScope {
  return { dataset: passengers, from: '2025-01-10', to: '2025-01-12', filters, compactedDays };
}

const day = (value: string) => ({ type: 'string', value });

describe('lakeRows', () => {
  it('reads only the raw table, deduplicated, when no day of the range is compacted', () => {
    // Act
    const rows = lakeRows(scope([]), ['name']);

    // Assert
    expect(rows.sql).toBe(
      `SELECT "name" FROM (SELECT "name", ${COPY_NUMBER} FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "flight_id" = ?) ` +
        'WHERE "lakeline_copy" = 1',
    );
    expect(rows.parameters).toEqual([day('2025-01-10'), day('2025-01-12'), { type: 'bigint', value: 7n }]);
  });

  it('reads only the curated table, without deduplication, when every day of the range is compacted', () => {
    // Act
    const rows = lakeRows(scope(['2025-01-12', '2025-01-10', '2025-01-11']), ['name', 'flight_id']);

    // Assert
    expect(rows.sql).toBe('SELECT "name", "flight_id" FROM "lakeline_curated_passengers" WHERE "dt" IN (?, ?, ?) AND "flight_id" = ?');
    expect(rows.parameters).toEqual([day('2025-01-10'), day('2025-01-11'), day('2025-01-12'), { type: 'bigint', value: 7n }]);
  });

  it('unites the raw days (NOT IN the compacted ones) with the compacted days (IN), each with its parameters in order', () => {
    // Act
    const rows = lakeRows(scope(['2025-01-11']), ['name']);

    // Assert
    expect(rows.sql).toBe(
      `SELECT "name" FROM (SELECT "name", ${COPY_NUMBER} FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "dt" NOT IN (?) ` +
        'AND "flight_id" = ?) WHERE "lakeline_copy" = 1 UNION ALL ' +
        'SELECT "name" FROM "lakeline_curated_passengers" WHERE "dt" IN (?) AND "flight_id" = ?',
    );
    expect(rows.parameters).toEqual([
      day('2025-01-10'),
      day('2025-01-12'),
      day('2025-01-11'),
      { type: 'bigint', value: 7n },
      day('2025-01-11'),
      { type: 'bigint', value: 7n },
    ]);
  });

  it('ignores compacted days outside the range', () => {
    // Act
    const [outside, none] = [lakeRows(scope(['2025-01-09', '2025-01-13', '2024-12-31']), ['name']), lakeRows(scope([]), ['name'])];

    // Assert
    expect(outside).toEqual(none);
  });

  it('counts a day listed twice once, so a range of which every day is compacted reads no raw day', () => {
    // Act
    const rows = lakeRows(scope(['2025-01-10', '2025-01-10', '2025-01-11', '2025-01-12', '2025-01-11'], []), ['name']);

    // Assert
    expect(rows.sql).toBe('SELECT "name" FROM "lakeline_curated_passengers" WHERE "dt" IN (?, ?, ?)');
    expect(rows.parameters).toEqual([day('2025-01-10'), day('2025-01-11'), day('2025-01-12')]);
  });

  it('lists each compacted day once in both parts when some of the range is raw', () => {
    // Act
    const rows = lakeRows(scope(['2025-01-12', '2025-01-12'], []), ['name']);

    // Assert
    expect(rows.sql).toBe(
      `SELECT "name" FROM (SELECT "name", ${COPY_NUMBER} FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "dt" NOT IN (?)) ` +
        'WHERE "lakeline_copy" = 1 UNION ALL SELECT "name" FROM "lakeline_curated_passengers" WHERE "dt" IN (?)',
    );
    expect(rows.parameters).toEqual([day('2025-01-10'), day('2025-01-12'), day('2025-01-12'), day('2025-01-12')]);
  });
});
