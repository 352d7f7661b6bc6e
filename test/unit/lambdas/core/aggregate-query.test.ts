import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { buildAggregateQuery } from '../../../../lambdas/core/aggregate-query';
import { parseAggregateRequest } from '../../../../lambdas/core/aggregate-request';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { measuredPassengers } from '../../../fixtures/measured-passengers';

const NOW = new Date('2025-01-31T15:00:00Z');
const RANGE = { from: '2025-01-10', to: '2025-01-12' };
const RAW_COLUMNS = (columns: string) =>
  `SELECT ${columns} FROM (SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ` +
  `ORDER BY "lakeline_ingested_at") AS "lakeline_copy" FROM "passengers" WHERE "dt" BETWEEN ? AND ?`;

describe('aggregate SQL', () => {
  it('groups and orders by the group columns and the period, with every measure aliased by its key', () => {
    // Prepare
    const { spec } = parseAggregateRequest(
      measuredPassengers,
      {
        ...RANGE,
        groupBy: 'flight_id',
        measures: 'count,sum:passenger_id,avg:passenger_id,count_distinct:passenger_id,max:name',
        granularity: 'day',
      },
      NOW,
      31,
    );

    // Act
    const query = buildAggregateQuery(spec, 1000);

    // Assert
    const columns = '"flight_id", "passenger_id", "name", "boarded_at"';
    expect(query.sql).toBe(
      `SELECT "flight_id", date_trunc('day', "boarded_at") AS "period", count(*) AS "count", ` +
        `CAST(sum("passenger_id") AS BIGINT) AS "sum_passenger_id", avg("passenger_id") AS "avg_passenger_id", ` +
        `count(DISTINCT "passenger_id") AS "count_distinct_passenger_id", max("name") AS "max_name" ` +
        `FROM (${RAW_COLUMNS(columns)}) WHERE "lakeline_copy" = 1) ` +
        `GROUP BY "flight_id", date_trunc('day', "boarded_at") ` +
        `ORDER BY date_trunc('day', "boarded_at") ASC NULLS LAST, "flight_id" ASC NULLS LAST LIMIT 1001`,
    );
    expect(query.parameters).toEqual([
      { type: 'string', value: '2025-01-10' },
      { type: 'string', value: '2025-01-12' },
    ]);
  });

  it('counts all rows of the range with no GROUP BY, reading only the partition column', () => {
    // Prepare
    const { spec } = parseAggregateRequest(passengers, { ...RANGE, seat_number: "1A' --" }, NOW, 31);

    // Act
    const query = buildAggregateQuery(spec, 10);

    // Assert
    expect(query.sql).toBe(
      `SELECT count(*) AS "count" FROM (${RAW_COLUMNS('"boarded_at"')} AND "seat_number" = ?) WHERE "lakeline_copy" = 1) LIMIT 11`,
    );
    expect(query.parameters).toEqual([
      { type: 'string', value: '2025-01-10' },
      { type: 'string', value: '2025-01-12' },
      { type: 'string', value: "1A' --" },
    ]);
  });

  it('reads compacted days from the curated table, each day a parameter', () => {
    // Prepare
    const { spec } = parseAggregateRequest(passengers, { ...RANGE, groupBy: 'seat_number', granularity: 'hour' }, NOW, 31);

    // Act
    const query = buildAggregateQuery(spec, 10, ['2025-01-11']);

    // Assert
    expect(query.sql).toBe(
      `SELECT "seat_number", date_trunc('hour', "boarded_at") AS "period", count(*) AS "count" FROM (` +
        `${RAW_COLUMNS('"seat_number", "boarded_at"')} AND "dt" NOT IN (?)) WHERE "lakeline_copy" = 1 UNION ALL ` +
        `SELECT "seat_number", "boarded_at" FROM "lakeline_curated_passengers" WHERE "dt" IN (?)) ` +
        `GROUP BY "seat_number", date_trunc('hour', "boarded_at") ` +
        `ORDER BY date_trunc('hour', "boarded_at") ASC NULLS LAST, "seat_number" ASC NULLS LAST LIMIT 11`,
    );
    expect(query.parameters.map((parameter) => parameter.value)).toEqual(['2025-01-10', '2025-01-12', '2025-01-11', '2025-01-11']);
  });

  it('sums a double as it is and truncates a date partition column as a timestamp', () => {
    // Prepare
    const daily = defineDataset({
      name: 'daily',
      description: 'd',
      columns: { day: { type: 'date', description: 'd', required: true }, amount: { type: 'double', description: 'a', measures: ['sum'] } },
      partitionColumn: 'day',
    });
    const { spec } = parseAggregateRequest(daily, { ...RANGE, measures: 'sum:amount', granularity: 'day' }, NOW, 31);

    // Act
    const { sql } = buildAggregateQuery(spec, 10);

    // Assert
    expect(sql.startsWith(`SELECT date_trunc('day', CAST("day" AS TIMESTAMP)) AS "period", sum("amount") AS "sum_amount" FROM (`)).toBe(
      true,
    );
    expect(
      sql.endsWith(
        `GROUP BY date_trunc('day', CAST("day" AS TIMESTAMP)) ORDER BY date_trunc('day', CAST("day" AS TIMESTAMP)) ASC NULLS LAST LIMIT 11`,
      ),
    ).toBe(true);
  });

  it('groups without a period when no granularity is asked', () => {
    // Prepare
    const { spec } = parseAggregateRequest(passengers, { ...RANGE, groupBy: 'flight_id,seat_number' }, NOW, 31);

    // Act
    const { sql } = buildAggregateQuery(spec, 10);

    // Assert
    expect(sql).toBe(
      `SELECT "flight_id", "seat_number", count(*) AS "count" FROM (${RAW_COLUMNS('"flight_id", "seat_number"')}) WHERE "lakeline_copy" = 1) ` +
        'GROUP BY "flight_id", "seat_number" ORDER BY "flight_id" ASC NULLS LAST, "seat_number" ASC NULLS LAST LIMIT 11',
    );
  });

  it('truncates a timestamp partition column as it is, even when another column is a date', () => {
    // Prepare
    const events = defineDataset({
      name: 'events',
      description: 'e',
      columns: { opened: { type: 'date', description: 'o' }, at: { type: 'timestamp', description: 'a', required: true } },
      partitionColumn: 'at',
    });
    const { spec } = parseAggregateRequest(events, { ...RANGE, granularity: 'day' }, NOW, 31);

    // Act
    const { sql } = buildAggregateQuery(spec, 10);

    // Assert
    expect(sql.startsWith(`SELECT date_trunc('day', "at") AS "period", count(*) AS "count" FROM (`)).toBe(true);
    expect(sql.endsWith(`GROUP BY date_trunc('day', "at") ORDER BY date_trunc('day', "at") ASC NULLS LAST LIMIT 11`)).toBe(true);
  });
});
