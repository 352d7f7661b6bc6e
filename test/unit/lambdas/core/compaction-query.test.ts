import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { buildCompactionSelect, compactionSortColumns } from '../../../../lambdas/core/compaction-query';
import { defineDataset } from '../../../../lambdas/core/dataset';

const COPY_NUMBER =
  'ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ORDER BY "lakeline_ingested_at") AS "lakeline_copy"';
const STORED =
  '"passenger_id", "flight_id", "name", "seat_number", "boarded_at", "lakeline_message_id", "lakeline_record_index", "lakeline_ingested_at"';

describe('buildCompactionSelect', () => {
  it("selects every stored column of the day's raw rows and current run once per record, earliest ingested copy, sorted for row-group pruning", () => {
    // Act
    const select = buildCompactionSelect(passengers, '2025-01-30');

    // Assert
    expect(select.sql).toBe(
      `SELECT ${STORED} FROM (SELECT ${STORED}, ${COPY_NUMBER} FROM (` +
        `SELECT ${STORED} FROM "passengers" WHERE "dt" = ? UNION ALL SELECT ${STORED} FROM "lakeline_curated_passengers" WHERE "dt" = ?` +
        ')) WHERE "lakeline_copy" = 1 ' +
        'ORDER BY "passenger_id" ASC NULLS LAST, "flight_id" ASC NULLS LAST, "seat_number" ASC NULLS LAST, "boarded_at" ASC NULLS LAST, ' +
        '"lakeline_message_id" ASC NULLS LAST, "lakeline_record_index" ASC NULLS LAST',
    );
    expect(select.parameters).toEqual([
      { type: 'string', value: '2025-01-30' },
      { type: 'string', value: '2025-01-30' },
    ]);
  });

  it('keeps the day a parameter, so the text is the same for every day', () => {
    // Act
    const [first, second] = [buildCompactionSelect(passengers, '2025-01-30'), buildCompactionSelect(passengers, '2025-02-14')];

    // Assert
    expect(first.sql).toBe(second.sql);
    expect(second.parameters).toEqual([
      { type: 'string', value: '2025-02-14' },
      { type: 'string', value: '2025-02-14' },
    ]);
  });
});

describe('compactionSortColumns', () => {
  it('names the partition column once when it is also filterable, and ends with the unique lineage key', () => {
    // Prepare
    const events = defineDataset({
      name: 'events',
      description: 'Events.',
      columns: {
        at: { type: 'timestamp', description: 'When.', required: true, filterable: true },
        kind: { type: 'string', description: 'What.', filterable: true },
      },
      partitionColumn: 'at',
      partitionStart: '2024-01-01',
    });

    // Act
    const columns = compactionSortColumns(events);

    // Assert
    expect(columns).toEqual(['at', 'kind', 'lakeline_message_id', 'lakeline_record_index']);
  });
});
