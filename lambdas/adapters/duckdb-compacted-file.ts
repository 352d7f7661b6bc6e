/** The one file a local compaction run writes under its run prefix, and the one file a curated view reads per run. */
export const COMPACTED_FILE_NAME = 'part-0.parquet';
