/** The port that writes one compacted day: Athena UNLOAD on AWS, DuckDB COPY locally, both from core/compaction-query.ts. */
import type { DatasetDefinition } from '../dataset';

export interface CompactionWriter {
  /**
   * Writes the compacted rows of `day` as ZSTD Parquet under `runPrefix` (a fresh, empty prefix) and resolves only
   * once every file is completely and durably stored. Answers the rows written when the engine reports them.
   */
  writeDay(dataset: DatasetDefinition, day: string, runPrefix: string): Promise<{ readonly rows?: number }>;
}
