import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { findColumn } from '../../../../lambdas/core/dataset';
import { buildRecordsQuery, checkMaxResultRows, DEFAULT_MAX_RESULT_ROWS } from '../../../../lambdas/core/records-query';
import { parseRecordsRequest } from '../../../../lambdas/core/request-params';
import { quoteIdentifier } from '../../../../lambdas/core/sql-text';

const NOW = new Date('2025-01-31T15:00:00Z');
const COPY_NUMBER =
  'ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ORDER BY "lakeline_ingested_at") AS "lakeline_copy"';

describe('buildRecordsQuery', () => {
  it('prunes partitions with dt parameters and puts every value in a parameter', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { from: '2025-01-10', to: '2025-01-12', flight_id: '100', columns: 'name' }, NOW, 31);

    // Act
    const query = buildRecordsQuery(spec);

    // Assert
    expect(query.sql).toBe(
      `SELECT "name" FROM (SELECT "name" FROM (SELECT "name", ${COPY_NUMBER} FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "flight_id" = ?) ` +
        'WHERE "lakeline_copy" = 1) LIMIT 100001',
    );
    expect(query.parameters).toEqual([
      { type: 'string', value: '2025-01-10' },
      { type: 'string', value: '2025-01-12' },
      { type: 'bigint', value: 100n },
    ]);
  });

  it('orders with the lineage key as tiebreaker so pages are stable', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { order: '-flight_id', columns: 'flight_id' }, NOW, 31);

    // Act
    const query = buildRecordsQuery(spec);

    // Assert
    expect(query.sql).toBe(
      'SELECT "flight_id" FROM (SELECT "flight_id", "lakeline_message_id", "lakeline_record_index" FROM ' +
        `(SELECT "flight_id", "lakeline_message_id", "lakeline_record_index", ${COPY_NUMBER} FROM "passengers" ` +
        'WHERE "dt" BETWEEN ? AND ?) WHERE "lakeline_copy" = 1) ORDER BY "flight_id" DESC NULLS LAST, "lakeline_message_id" ASC, "lakeline_record_index" ASC ' +
        'LIMIT 100001',
    );
  });

  it('keeps only the earliest ingested copy of each (message id, record index), filtering inside on the table scan', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { passenger_id: '7', seat_number: '1A', columns: 'seat_number,name' }, NOW, 31);

    // Act
    const { sql } = buildRecordsQuery(spec);

    // Assert
    const inner =
      /^SELECT "seat_number", "name" FROM \(SELECT "seat_number", "name" FROM \((SELECT .*)\) WHERE "lakeline_copy" = 1\) LIMIT \d+$/.exec(
        sql,
      )?.[1];
    expect(inner).toBe(
      `SELECT "seat_number", "name", ${COPY_NUMBER} FROM "passengers" WHERE "dt" BETWEEN ? AND ? AND "passenger_id" = ? AND "seat_number" = ?`,
    );
  });

  it('selects an order column that is not projected inside, and does not repeat a tiebreaker used as the order', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { order: 'lakeline_record_index', columns: 'name,lakeline_message_id' }, NOW, 31);

    // Act
    const { sql } = buildRecordsQuery(spec);

    // Assert
    expect(sql).toBe(
      'SELECT "name", "lakeline_message_id" FROM (SELECT "name", "lakeline_message_id", "lakeline_record_index" FROM ' +
        `(SELECT "name", "lakeline_message_id", "lakeline_record_index", ${COPY_NUMBER} ` +
        'FROM "passengers" WHERE "dt" BETWEEN ? AND ?) WHERE "lakeline_copy" = 1) ORDER BY "lakeline_record_index" ASC NULLS LAST, "lakeline_message_id" ASC ' +
        'LIMIT 100001',
    );
  });

  it('writes the filters in column order whatever the order of the request', () => {
    // Prepare
    const first = parseRecordsRequest(passengers, { seat_number: '1A', passenger_id: '1' }, NOW, 31);
    const second = parseRecordsRequest(passengers, { passenger_id: '1', seat_number: '1A' }, NOW, 31);

    // Act
    const [a, b] = [buildRecordsQuery(first.spec), buildRecordsQuery(second.spec)];

    // Assert
    expect(a).toEqual(b);
  });

  it('bounds what one request materialises at the row cap plus one row, which tells that the cap was hit', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { columns: 'name' }, NOW, 31);
    const ordered = parseRecordsRequest(passengers, { columns: 'name', order: 'name' }, NOW, 31).spec;

    // Act
    const [unorderedSql, orderedSql, defaultSql] = [
      buildRecordsQuery(spec, 5).sql,
      buildRecordsQuery(ordered, 5).sql,
      buildRecordsQuery(spec).sql,
    ];

    // Assert
    expect(unorderedSql).toMatch(/ WHERE "lakeline_copy" = 1\) LIMIT 6$/);
    expect(orderedSql).toMatch(/ ORDER BY "name" ASC NULLS LAST, "lakeline_message_id" ASC, "lakeline_record_index" ASC LIMIT 6$/);
    expect(defaultSql).toMatch(new RegExp(` LIMIT ${DEFAULT_MAX_RESULT_ROWS + 1}$`));
    expect(buildRecordsQuery(spec, 5).parameters).toHaveLength(2);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER])('refuses the row cap %s instead of writing it into the SQL', (cap) => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, {}, NOW, 31);

    // Act
    const build = () => buildRecordsQuery(spec, cap);

    // Assert
    expect(build).toThrow(/row cap/);
  });

  it('accepts a row cap of one, fetching two rows', () => {
    // Prepare
    const { spec } = parseRecordsRequest(passengers, { columns: 'name' }, NOW, 31);

    // Act
    const { sql } = buildRecordsQuery(spec, 1);

    // Assert
    expect(sql).toMatch(/ LIMIT 2$/);
  });

  it('names the setting and the refused value when the row cap is refused', () => {
    // Act
    const [byDefault, named] = [() => checkMaxResultRows(0), () => checkMaxResultRows(-3, 'QUERY_MAX_AGGREGATE_ROWS')];

    // Assert
    expect(byDefault).toThrow(new Error('QUERY_MAX_RESULT_ROWS (the row cap) must be a positive integer, got 0'));
    expect(named).toThrow(new Error('QUERY_MAX_AGGREGATE_ROWS (the row cap) must be a positive integer, got -3'));
  });

  it('refuses to quote an identifier that did not come from a definition', () => {
    // Act
    const quote = () => quoteIdentifier('name" OR 1=1 --');

    // Assert
    expect(quote).toThrow(/refusing/);
    expect(findColumn(passengers, 'name')).toMatchObject({ name: 'name', type: 'string' });
  });
});
