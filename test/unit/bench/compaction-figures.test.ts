import { describe, expect, it } from 'vitest';
import {
  type CaseFigures,
  type ColumnChunk,
  columnChunkBytes,
  compactionGoals,
  parquetRows,
  rowGroupCount,
} from '../../../bench/compaction-figures';

const chunk = (file: string, rowGroup: number, column: string, compressedBytes: number, rows = 100): ColumnChunk => ({
  file,
  rowGroup,
  column,
  compressedBytes,
  rows,
});

const chunks: ColumnChunk[] = [
  chunk('a', 0, 'flight_id', 10),
  chunk('a', 0, 'name', 300),
  chunk('a', 1, 'flight_id', 12, 50),
  chunk('a', 1, 'name', 250, 50),
  chunk('b', 0, 'flight_id', 7, 30),
  chunk('b', 0, 'name', 90, 30),
];

describe('bytes a Parquet query reads', () => {
  it('sums the compressed chunks of the columns read, in every row group of every file', () => {
    expect(columnChunkBytes(chunks, ['flight_id'])).toBe(29);
    expect(columnChunkBytes(chunks, ['flight_id', 'name'])).toBe(669);
  });

  it('refuses a column the files do not have rather than counting it as free', () => {
    expect(() => columnChunkBytes(chunks, ['flight_id', 'seat'])).toThrow('no column chunk for seat');
  });

  it('counts the rows of each row group once, whatever its number of columns', () => {
    expect(parquetRows(chunks)).toBe(180);
    expect(rowGroupCount(chunks)).toBe(3);
  });
});

describe('the compaction goals', () => {
  const figures = (
    name: string,
    rawBytes: number,
    compactedBytes: number,
    rawMedianMs: number,
    compactedMedianMs: number,
  ): CaseFigures => ({
    name,
    rawBytes,
    compactedBytes,
    rawMedianMs,
    compactedMedianMs,
  });

  it('holds when compacted reads a quarter and a twentieth of the bytes and groups ten times faster', () => {
    // Act
    const goals = compactionGoals({
      'all columns': figures('records', 400, 100, 50, 10),
      'group by': figures('count per day', 2000, 100, 1000, 100),
    });

    // Assert
    expect(goals.map((goal) => goal.met)).toEqual([true, true, true]);
    expect(goals.map((goal) => goal.measured)).toEqual(['1/4.0', '1/20.0', '10.0×']);
  });

  it('fails each goal the figures miss', () => {
    // Act
    const goals = compactionGoals({
      'all columns': figures('records', 400, 101, 50, 10),
      'group by': figures('count per day', 2000, 101, 1000, 101),
    });

    // Assert
    expect(goals.map((goal) => goal.met)).toEqual([false, false, false]);
  });
});
