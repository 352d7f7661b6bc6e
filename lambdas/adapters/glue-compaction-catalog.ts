/**
 * The compaction catalog on AWS: the Glue table `lakeline_curated_<name>` with one explicit partition per compacted day
 * (the table has no partition projection), whose location is the day's current run prefix. Creating or updating one
 * partition is one catalog call, so a query planned before the call reads the old run and one planned after reads
 * the new one.
 */
import { curatedTableName, type DatasetDefinition, PARTITION_KEY } from '../core/dataset';
import { curatedRunPrefix } from '../core/lake-keys';
import { isCalendarDate } from '../core/lake-value-format';
import type { CompactedDay, CompactedDaysReader, CompactionCatalog } from '../core/ports/compaction-catalog';
import { type GlueApi, GlueApiError, type GluePartition, type GluePartitionInput } from './glue-api';

export interface GlueCompactedDaysOptions {
  readonly database: string;
  /** The datasets whose curated tables are read (and switched). */
  readonly datasets: readonly DatasetDefinition[];
}

export interface GlueCompactionCatalogOptions extends GlueCompactedDaysOptions {
  /** The lake bucket that holds `curated/`. */
  readonly bucket: string;
}

/** Partition parameters that record which run a day points at. */
export const RUN_ID_PARAMETER = 'lakeline.runId';
export const COMPACTED_AT_PARAMETER = 'lakeline.compactedAt';

/** Parquet as Athena reads it: https://docs.aws.amazon.com/athena/latest/ug/parquet-serde.html */
export const PARQUET_STORAGE = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;

const RUN_FOLDER = /\/run=([^/]+)\/?$/;

/** The query side's view of the catalog: which days of a range the curated table serves. */
export class GlueCompactedDays implements CompactedDaysReader {
  constructor(
    protected readonly glue: GlueApi,
    private readonly readOptions: GlueCompactedDaysOptions,
  ) {}

  /**
   * The partitions whose `dt` lies in the range, all pages. The expression is built only from checked `YYYY-MM-DD`
   * dates; on a string partition key Glue compares them as strings, which orders ISO dates correctly:
   * https://docs.aws.amazon.com/glue/latest/webapi/API_GetPartitions.html
   */
  async compactedDays(dataset: string, from: string, to: string): Promise<readonly CompactedDay[]> {
    for (const day of [from, to]) if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
    const table = this.table(dataset);
    const days: CompactedDay[] = [];
    let token: string | undefined;
    do {
      const page = await this.glue.getPartitions({
        ...table,
        Expression: `${PARTITION_KEY} BETWEEN '${from}' AND '${to}'`,
        ...(token === undefined ? {} : { NextToken: token }),
      });
      for (const partition of page.Partitions ?? []) {
        const entry = compactedDayOf(partition);
        if (entry) days.push(entry);
      }
      token = page.NextToken || undefined;
    } while (token !== undefined);
    return days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  protected table(dataset: string): { DatabaseName: string; TableName: string } {
    const definition = this.readOptions.datasets.find((candidate) => candidate.name === dataset);
    if (!definition) throw new Error(`unknown dataset "${dataset}"`);
    return { DatabaseName: this.readOptions.database, TableName: curatedTableName(definition) };
  }
}

export class GlueCompactionCatalog extends GlueCompactedDays implements CompactionCatalog {
  constructor(
    glue: GlueApi,
    private readonly options: GlueCompactionCatalogOptions,
  ) {
    super(glue, options);
  }

  /**
   * CreatePartition for a day compacted for the first time, UpdatePartition (the same values, a new location) for one
   * compacted before. The partition's columns are the table's, so the curated table has one schema for every day.
   */
  async switchDay(dataset: string, entry: CompactedDay): Promise<void> {
    if (!isCalendarDate(entry.day)) throw new Error(`not a calendar day: ${JSON.stringify(entry.day)}`);
    const table = this.table(dataset);
    const described = await this.glue.getTable({ DatabaseName: table.DatabaseName, Name: table.TableName });
    const input: GluePartitionInput = {
      Values: [entry.day],
      StorageDescriptor: {
        Columns: described.Table?.StorageDescriptor?.Columns ?? [],
        Location: `s3://${this.options.bucket}/${curatedRunPrefix(dataset, entry.day, entry.runId)}`,
        ...PARQUET_STORAGE,
      },
      Parameters: { classification: 'parquet', [RUN_ID_PARAMETER]: entry.runId, [COMPACTED_AT_PARAMETER]: entry.compactedAt },
    };
    try {
      await this.glue.createPartition({ ...table, PartitionInput: input });
    } catch (error) {
      if (!(error instanceof GlueApiError && error.name === 'AlreadyExistsException')) throw error;
      await this.glue.updatePartition({ ...table, PartitionValueList: [entry.day], PartitionInput: input });
    }
  }
}

/** A partition's day and run; the run from its parameters, or else from its location's `run=` folder. */
function compactedDayOf(partition: GluePartition): CompactedDay | undefined {
  const day = partition.Values?.[0];
  const runId = partition.Parameters?.[RUN_ID_PARAMETER] ?? RUN_FOLDER.exec(partition.StorageDescriptor?.Location ?? '')?.[1];
  if (day === undefined || runId === undefined) return undefined;
  return { day, runId, compactedAt: partition.Parameters?.[COMPACTED_AT_PARAMETER] ?? '' };
}
