import { Stack } from 'aws-cdk-lib';
import { type CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type DatasetDefinition, PARTITION_KEY, rejectedTableName } from '../../lambdas/core/dataset';
import { rejectedDatasetPrefix } from '../../lambdas/core/lake-keys';
import { REJECTED_COLUMNS } from '../../lambdas/core/rejected-table';
import { dailyProjectedJsonParameters } from './glue-columns';

export interface RejectedTableProps {
  readonly dataset: DatasetDefinition;
  readonly lakeBucket: IBucket;
  /** Created before the table. */
  readonly glueDatabase: CfnDatabase;
  readonly glueDatabaseName: string;
}

/**
 * The Glue table `lakeline_rejected_<dataset>` over `rejected/<dataset>/dt=<receive date>/`: the gzip JSON lines the
 * ingest writes for records it refuses, partitioned by receive date with partition projection (no crawler, no
 * partitions to add), like the dataset's raw table.
 *
 * The lines' keys are camelCase (`messageId`) and the columns their lower-case names (`messageid`): the Hive JSON
 * SerDe has no key mapping properties (https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html; `mapping.*`
 * and `case.insensitive` belong to the OpenX SerDe, https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html),
 * and Athena's reader of it matches a key to a column ignoring case, as Hive does (Trino's
 * lib/trino-hive-formats/.../line/json/JsonDeserializer.java lower-cases each key before looking its column up).
 */
export class RejectedTable extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: RejectedTableProps) {
    super(scope, id);
    const { dataset } = props;
    const location = `s3://${props.lakeBucket.bucketName}/${rejectedDatasetPrefix(dataset.name)}`;
    this.table = new CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      databaseName: props.glueDatabaseName,
      tableInput: {
        name: rejectedTableName(dataset),
        description: `Records of ${dataset.name} the ingest refused, with every reason and the original text`,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_KEY, type: 'string', comment: 'UTC date the message was received (yyyy-MM-dd)' }],
        parameters: dailyProjectedJsonParameters(dataset, location),
        storageDescriptor: {
          columns: REJECTED_COLUMNS.map((column) => ({ name: column.name, type: column.hiveType, comment: column.description })),
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          compressed: true,
          serdeInfo: {
            serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
            parameters: { 'ignore.malformed.json': 'false' },
          },
        },
      },
    });
    this.table.addResourceDependency(props.glueDatabase);
  }
}
