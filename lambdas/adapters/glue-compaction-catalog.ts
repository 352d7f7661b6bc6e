/**
 * The compaction catalog on AWS: the Glue table `lakeline_curated_<name>` with one explicit partition per compacted day
 * (the table has no partition projection), whose location is the day's current run prefix. Creating or updating one
 * partition is one catalog call, so a query planned before the call reads the old run and one planned after reads
 * the new one.
 */
import {
  AlreadyExistsException,
  CreatePartitionCommand,
  EntityNotFoundException,
  GetTableCommand,
  type GlueClient,
  type Partition,
  type PartitionInput,
  paginateGetPartitions,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { curatedTableName, type DatasetDefinition, PARTITION_KEY } from '../core/dataset';
import { curatedRunPrefix } from '../core/lake-keys';
import { isCalendarDate } from '../core/lake-value-format';
import type { CompactedDay, CompactedDaysReader, CompactionCatalog } from '../core/ports/compaction-catalog';

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
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface TableAddress {
  readonly DatabaseName: string;
  readonly TableName: string;
}

/** A failed Glue call, named with its operation and table; the SDK's error is the cause. */
export class GlueCallError extends Error {
  constructor(operation: string, table: TableAddress, cause: unknown) {
    super(`Glue ${operation} on ${table.DatabaseName}.${table.TableName}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'GlueCallError';
  }
}

async function glueCall<T>(operation: string, table: TableAddress, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new GlueCallError(operation, table, error);
  }
}

/** The query side's view of the catalog: which days of a range the curated table serves. */
export class GlueCompactedDays implements CompactedDaysReader {
  constructor(
    protected readonly glue: GlueClient,
    private readonly readOptions: GlueCompactedDaysOptions,
  ) {}

  /**
   * The partitions whose `dt` lies in the range, all pages. The expression is built only from checked `YYYY-MM-DD`
   * dates; on a string partition key Glue compares them as strings, which orders ISO dates correctly:
   * https://docs.aws.amazon.com/glue/latest/webapi/API_GetPartitions.html
   */
  async compactedDays(dataset: string, from: string, to: string): Promise<readonly CompactedDay[]> {
    for (const day of [from, to]) if (!ISO_DAY.test(day)) throw new Error(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
    const partitions = await this.partitions(this.table(dataset), `${PARTITION_KEY} BETWEEN '${from}' AND '${to}'`);
    const days = partitions.flatMap((partition) => compactedDayOf(partition) ?? []);
    return days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  /** Every partition of `table` that matches `expression`, following NextToken to the last page. */
  protected partitions(table: TableAddress, expression: string): Promise<Partition[]> {
    return glueCall('GetPartitions', table, async () => {
      const partitions: Partition[] = [];
      for await (const page of paginateGetPartitions({ client: this.glue }, { ...table, Expression: expression })) {
        partitions.push(...(page.Partitions ?? []));
      }
      return partitions;
    });
  }

  protected table(dataset: string): TableAddress {
    const definition = this.readOptions.datasets.find((candidate) => candidate.name === dataset);
    if (!definition) throw new Error(`unknown dataset "${dataset}"`);
    return { DatabaseName: this.readOptions.database, TableName: curatedTableName(definition) };
  }
}

export class GlueCompactionCatalog extends GlueCompactedDays implements CompactionCatalog {
  constructor(
    glue: GlueClient,
    private readonly options: GlueCompactionCatalogOptions,
  ) {
    super(glue, options);
  }

  /**
   * CreatePartition for a day compacted for the first time, UpdatePartition (the same values, a new location) for one
   * compacted before. Should the partition appear or vanish between the look-up and the write (CreatePartition answers
   * AlreadyExistsException, UpdatePartition EntityNotFoundException), the other call is made once:
   * https://docs.aws.amazon.com/glue/latest/webapi/API_CreatePartition.html and
   * https://docs.aws.amazon.com/glue/latest/webapi/API_UpdatePartition.html
   * The partition's columns are the table's, so the curated table has one schema for every day.
   */
  async switchDay(dataset: string, entry: CompactedDay): Promise<void> {
    if (!isCalendarDate(entry.day)) throw new Error(`not a calendar day: ${JSON.stringify(entry.day)}`);
    const table = this.table(dataset);
    const [columns, existing] = await Promise.all([this.columns(table), this.partitions(table, `${PARTITION_KEY} = '${entry.day}'`)]);
    const input: PartitionInput = {
      Values: [entry.day],
      StorageDescriptor: {
        Columns: columns,
        Location: `s3://${this.options.bucket}/${curatedRunPrefix(dataset, entry.day, entry.runId)}`,
        ...PARQUET_STORAGE,
      },
      Parameters: { classification: 'parquet', [RUN_ID_PARAMETER]: entry.runId, [COMPACTED_AT_PARAMETER]: entry.compactedAt },
    };
    const create = () =>
      glueCall('CreatePartition', table, () => this.glue.send(new CreatePartitionCommand({ ...table, PartitionInput: input })));
    const update = () =>
      glueCall('UpdatePartition', table, () =>
        this.glue.send(new UpdatePartitionCommand({ ...table, PartitionValueList: [entry.day], PartitionInput: input })),
      );
    if (existing.some((partition) => partition.Values?.[0] === entry.day)) {
      await update().catch((error: unknown) => {
        if (!(error instanceof GlueCallError && error.cause instanceof EntityNotFoundException)) throw error;
        return create();
      });
    } else {
      await create().catch((error: unknown) => {
        if (!(error instanceof GlueCallError && error.cause instanceof AlreadyExistsException)) throw error;
        return update();
      });
    }
  }

  /** The curated table's columns: https://docs.aws.amazon.com/glue/latest/webapi/API_GetTable.html */
  private async columns(table: TableAddress) {
    const described = await glueCall('GetTable', table, () =>
      this.glue.send(new GetTableCommand({ DatabaseName: table.DatabaseName, Name: table.TableName })),
    );
    return described.Table?.StorageDescriptor?.Columns ?? [];
  }
}

/** A partition's day and run; the run from its parameters, or else from its location's `run=` folder. */
function compactedDayOf(partition: Partition): CompactedDay | undefined {
  const day = partition.Values?.[0];
  const runId = partition.Parameters?.[RUN_ID_PARAMETER] ?? RUN_FOLDER.exec(partition.StorageDescriptor?.Location ?? '')?.[1];
  if (day === undefined || runId === undefined) return undefined;
  return { day, runId, compactedAt: partition.Parameters?.[COMPACTED_AT_PARAMETER] ?? '' };
}
