import { Stack } from 'aws-cdk-lib';
import { type CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { curatedTableName, type DatasetDefinition, PARTITION_KEY } from '../../lambdas/core/dataset';
import { curatedDatasetPrefix } from '../../lambdas/core/lake-keys';
import { glueColumns } from './glue-columns';

export interface CuratedTableProps {
  readonly dataset: DatasetDefinition;
  readonly lakeBucket: Bucket;
  readonly glueDatabase: CfnDatabase;
  readonly glueDatabaseName: string;
}

/**
 * The table of a dataset's compacted days, `lakeline_curated_<name>`: ZSTD Parquet under `curated/<name>/`, with the
 * stored columns of the raw table. Its partitions are explicit, one per compacted day, created and moved to each new
 * run by the compaction function; there is deliberately no partition projection, which would make Athena ignore the
 * catalog's partitions (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html) and so read every run
 * of a day instead of the current one.
 */
export class CuratedTable extends Construct {
  readonly table: CfnTable;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: CuratedTableProps) {
    super(scope, id);
    const { dataset } = props;
    this.tableName = curatedTableName(dataset);
    this.table = new CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      databaseName: props.glueDatabaseName,
      tableInput: {
        name: this.tableName,
        description: `Compacted days of ${dataset.name} (Parquet, one record once); queried together with the raw table`,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_KEY, type: 'string', comment: `UTC date of ${dataset.partitionColumn} (yyyy-MM-dd)` }],
        parameters: { EXTERNAL: 'TRUE', classification: 'parquet', 'parquet.compression': 'ZSTD' },
        // Parquet SerDe as Athena declares it: https://docs.aws.amazon.com/athena/latest/ug/parquet-serde.html
        storageDescriptor: {
          columns: glueColumns(dataset),
          location: `s3://${props.lakeBucket.bucketName}/${curatedDatasetPrefix(dataset.name)}`,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    this.table.addResourceDependency(props.glueDatabase);
  }
}
