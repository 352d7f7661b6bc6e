import { type ColumnType, type DatasetDefinition, PARTITION_KEY, storedColumns } from '../../lambdas/core/dataset';
import { projectedRangeEnd } from '../../lambdas/core/partition-bounds';

/** Hive type of each dataset column type, as the Glue table declares it. */
const GLUE_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  int: 'int',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** The Glue table columns of a dataset: its own columns then the lineage columns, in stored order. */
export function glueColumns(dataset: DatasetDefinition): GlueColumn[] {
  return storedColumns(dataset).map((column) => ({ name: column.name, type: GLUE_TYPES[column.type], comment: column.description }));
}

/**
 * Table parameters of a gzip JSON table partitioned by `dt` with partition projection: one partition per day from the
 * dataset's start up to partitionFutureDays past NOW (UTC, at query time), so the dt of every record the ingest
 * accepts (and every receive date) is projected; relative-date syntax `NOW+1DAYS`:
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-date-type
 */
export function dailyProjectedJsonParameters(dataset: DatasetDefinition, location: string): Record<string, string> {
  return {
    EXTERNAL: 'TRUE',
    classification: 'json',
    compressionType: 'gzip',
    'projection.enabled': 'true',
    [`projection.${PARTITION_KEY}.type`]: 'date',
    [`projection.${PARTITION_KEY}.format`]: 'yyyy-MM-dd',
    [`projection.${PARTITION_KEY}.range`]: `${dataset.partitionStart},${projectedRangeEnd(dataset)}`,
    [`projection.${PARTITION_KEY}.interval`]: '1',
    [`projection.${PARTITION_KEY}.interval.unit`]: 'DAYS',
    // `${dt}` is Athena's placeholder, not a JavaScript template.
    'storage.location.template': `${location}${PARTITION_KEY}=\${${PARTITION_KEY}}/`,
  };
}
