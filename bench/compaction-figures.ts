/**
 * Pure figures of the raw-vs-compacted benchmark: the bytes a Parquet query reads (the compressed column chunks of the
 * columns it names, from the files' own metadata) and the goals the comparison is held to.
 */

/** One column chunk as DuckDB's `parquet_metadata()` lists it. */
export interface ColumnChunk {
  readonly file: string;
  readonly rowGroup: number;
  readonly column: string;
  readonly compressedBytes: number;
  readonly rows: number;
}

/** The compressed bytes of the chunks of `columns` (every row group of every file): what a reader of those columns fetches. */
export function columnChunkBytes(chunks: readonly ColumnChunk[], columns: readonly string[]): number {
  const wanted = new Set(columns);
  const missing = columns.filter((column) => !chunks.some((chunk) => chunk.column === column));
  if (chunks.length > 0 && missing.length > 0) throw new Error(`no column chunk for ${missing.join(', ')}`);
  return chunks.filter((chunk) => wanted.has(chunk.column)).reduce((sum, chunk) => sum + chunk.compressedBytes, 0);
}

/** Rows in the files: each row group's row count, once per row group (not once per column). */
export function parquetRows(chunks: readonly ColumnChunk[]): number {
  const groups = new Map<string, number>();
  for (const chunk of chunks) groups.set(`${chunk.file}#${chunk.rowGroup}`, chunk.rows);
  return [...groups.values()].reduce((sum, rows) => sum + rows, 0);
}

/** Row groups in the files. */
export function rowGroupCount(chunks: readonly ColumnChunk[]): number {
  return new Set(chunks.map((chunk) => `${chunk.file}#${chunk.rowGroup}`)).size;
}

export interface CaseFigures {
  readonly name: string;
  readonly rawBytes: number;
  readonly compactedBytes: number;
  readonly rawMedianMs: number;
  readonly compactedMedianMs: number;
}

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

export type CaseKind = 'all columns' | 'group by';

/**
 * The goals: compacted reads at most a quarter of the raw bytes for an all-columns query and a twentieth for the
 * GROUP BY, and answers the GROUP BY at least 10 times faster.
 */
export function compactionGoals(cases: Readonly<Record<CaseKind, CaseFigures>>): Goal[] {
  const all = cases['all columns'];
  const groupBy = cases['group by'];
  const share = (figures: CaseFigures) => figures.compactedBytes / figures.rawBytes;
  const speedup = groupBy.rawMedianMs / groupBy.compactedMedianMs;
  return [
    { goal: `${all.name}: compacted bytes ≤ 1/4 of raw`, measured: `1/${(1 / share(all)).toFixed(1)}`, met: share(all) <= 1 / 4 },
    {
      goal: `${groupBy.name}: compacted bytes ≤ 1/20 of raw`,
      measured: `1/${(1 / share(groupBy)).toFixed(1)}`,
      met: share(groupBy) <= 1 / 20,
    },
    { goal: `${groupBy.name}: compacted ≥ 10× faster`, measured: `${speedup.toFixed(1)}×`, met: speedup >= 10 },
  ];
}
