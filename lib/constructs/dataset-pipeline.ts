import { Duration, Stack } from 'aws-cdk-lib';
import { type CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type DatasetDefinition, PARTITION_KEY } from '../../lambdas/core/dataset';
import { compactionRequestsPrefix, rawDatasetPrefix, rejectedDatasetPrefix } from '../../lambdas/core/lake-keys';
import { INGEST_SERVICE } from '../../lambdas/core/telemetry';
import { acknowledgeFinding, bucketObjectsFinding } from '../nag-acknowledgements';
import { datasetResourceName, deadLetterQueueName } from '../resource-names';
import { CuratedTable } from './curated-table';
import { dailyProjectedJsonParameters, glueColumns } from './glue-columns';
import type { LakeStorage } from './lake-storage';
import { LakelineFunction } from './lakeline-function';
import { RejectedTable } from './rejected-table';
import { SecureQueue } from './secure-queue';
import { SecureTopic } from './secure-topic';

/**
 * Defaults of the ingest path, read by the benchmarks too. The batch settings are the benchmark's pick
 * (bench/batch-window.ts, README "Batch settings"): the fewest raw objects per day while a full batch of 1 KB events
 * stays within half the 6 MB payload and the batching delay within a quarter of the freshness objective.
 */
export const INGEST_DEFAULTS = {
  /** Messages per invocation at most; a standard queue allows up to 10,000 once the window is at least 1 s. */
  batchSize: 1000,
  /** Longest wait to fill a batch, up to 300 s: a quiet dataset writes one object a minute instead of six. */
  maxBatchingWindowSeconds: 60,
  memorySize: 1024,
  timeoutSeconds: 60,
} as const;

/**
 * The queue's visibility timeout for an ingest timeout and batching window. AWS asks for at least six times the
 * function timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html); the window is added on
 * top because a batch's messages are already received, their visibility timeout running, while the window fills.
 */
export function ingestVisibilityTimeoutSeconds(timeoutSeconds: number, maxBatchingWindowSeconds: number): number {
  return timeoutSeconds * 6 + maxBatchingWindowSeconds;
}

export interface DatasetPipelineProps {
  /** The definition every resource of the pipeline is generated from. */
  readonly dataset: DatasetDefinition;
  /** Name prefix of the physical resources, e.g. `lakeline-dev`. */
  readonly namePrefix: string;
  /** The lake the ingest writes to (only under this dataset's prefixes) and the table points at. */
  readonly storage: LakeStorage;
  /** The Glue database that holds the dataset's table (created before the table). */
  readonly glueDatabase: CfnDatabase;
  /** Its name, `lakeline_<stage>`. */
  readonly glueDatabaseName: string;
  /** Protect the ingest function's log group from deletion (prod). */
  readonly deletionProtection: boolean;
  /** Retention of the ingest function's log group. */
  readonly logRetention: RetentionDays;
  /** Ingest function timeout; the queue's visibility timeout is six times this plus the batching window. @default INGEST_DEFAULTS.timeoutSeconds */
  readonly ingestTimeout?: Duration;
  /** @default INGEST_DEFAULTS.memorySize */
  readonly ingestMemorySize?: number;
  /** Records per ingest invocation (the event source mapping's batch size). @default INGEST_DEFAULTS.batchSize */
  readonly batchSize?: number;
  /** Longest wait to fill a batch. @default INGEST_DEFAULTS.maxBatchingWindowSeconds */
  readonly maxBatchingWindow?: Duration;
  /** Deliveries before a message moves to the dead-letter queue. @default MAX_RECEIVE_COUNT */
  readonly maxReceiveCount?: number;
}

/**
 * Everything one dataset needs, generated from its definition: the SNS topic publishers write to, the SQS queue
 * (and dead-letter queue) that buffers it, the ingest function that validates and writes the lake,
 * and the Glue table (partition projection, no crawler) that Athena queries.
 */
export class DatasetPipeline extends Construct {
  readonly dataset: DatasetDefinition;
  readonly topic: SecureTopic;
  readonly queue: SecureQueue;
  readonly deadLetterQueue: SecureQueue;
  readonly ingest: LakelineFunction;
  readonly table: CfnTable;
  /** The table of the dataset's compacted days. */
  readonly curatedTable: CuratedTable;

  constructor(scope: Construct, id: string, props: DatasetPipelineProps) {
    super(scope, id);
    const { dataset, namePrefix } = props;
    this.dataset = dataset;
    const ingestTimeout = props.ingestTimeout ?? Duration.seconds(INGEST_DEFAULTS.timeoutSeconds);
    const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(INGEST_DEFAULTS.maxBatchingWindowSeconds);
    const resourceName = datasetResourceName(namePrefix, dataset.name);

    this.topic = new SecureTopic(this, 'Topic', {
      topicName: resourceName,
      displayName: `Lakeline ${dataset.name} records`,
      // The AWS managed key lets any publisher of the account encrypt without a key grant; SNS decrypts for SQS.
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });

    this.deadLetterQueue = new SecureQueue(this, 'DeadLetterQueue', {
      queueName: deadLetterQueueName(namePrefix, dataset.name),
      retentionPeriod: Duration.days(14),
    });
    this.queue = new SecureQueue(this, 'Queue', {
      queueName: resourceName,
      visibilityTimeout: Duration.seconds(ingestVisibilityTimeoutSeconds(ingestTimeout.toSeconds(), maxBatchingWindow.toSeconds())),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: this.deadLetterQueue,
      maxReceiveCount: props.maxReceiveCount,
    });
    // Envelope kept (rawMessageDelivery false): the ingest needs the SNS MessageId for lineage and idempotent keys.
    this.topic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: false, deadLetterQueue: this.deadLetterQueue }));

    this.ingest = new LakelineFunction(this, 'Ingest', {
      handlerFolder: 'ingest',
      functionName: `${resourceName}-ingest`,
      description: `Validates ${dataset.name} records from SQS and writes them to the lake`,
      serviceName: INGEST_SERVICE,
      timeout: ingestTimeout,
      memorySize: props.ingestMemorySize ?? INGEST_DEFAULTS.memorySize,
      logRetention: props.logRetention,
      deletionProtection: props.deletionProtection,
    });
    const ingestFunction = this.ingest.function;
    ingestFunction.addEnvironment('LAKE_BUCKET', props.storage.lakeBucket.bucketName);
    props.storage.grantDatasetWrite(ingestFunction, dataset.name);
    ingestFunction.addEnvironment('DATASET_NAME', dataset.name);
    ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? INGEST_DEFAULTS.batchSize,
        maxBatchingWindow,
        reportBatchItemFailures: true,
      }),
    );

    this.table = this.createTable(props);
    new RejectedTable(this, 'RejectedTable', {
      dataset,
      lakeBucket: props.storage.lakeBucket,
      glueDatabase: props.glueDatabase,
      glueDatabaseName: props.glueDatabaseName,
    });
    this.curatedTable = new CuratedTable(this, 'CuratedTable', {
      dataset,
      lakeBucket: props.storage.lakeBucket,
      glueDatabase: props.glueDatabase,
      glueDatabaseName: props.glueDatabaseName,
    });

    this.acknowledgeFindings(props.storage);
  }

  private createTable(props: DatasetPipelineProps): CfnTable {
    const { dataset, storage } = props;
    const bucketName = storage.lakeBucket.bucketName;
    const location = `s3://${bucketName}/${rawDatasetPrefix(dataset.name)}`;
    const table = new CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      databaseName: props.glueDatabaseName,
      tableInput: {
        name: dataset.name,
        description: dataset.description,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_KEY, type: 'string', comment: `UTC date of ${dataset.partitionColumn} (yyyy-MM-dd)` }],
        parameters: dailyProjectedJsonParameters(dataset, location),
        storageDescriptor: {
          columns: glueColumns(dataset),
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
    table.addResourceDependency(props.glueDatabase);
    return table;
  }

  private acknowledgeFindings(storage: LakeStorage): void {
    const name = this.dataset.name;
    const lake = storage.lakeBucket;
    for (const prefix of [rawDatasetPrefix(name), rejectedDatasetPrefix(name), compactionRequestsPrefix(name)]) {
      acknowledgeFinding(
        this.ingest.role,
        bucketObjectsFinding(lake, `${prefix}*`),
        `s3:PutObject only, on object keys under ${prefix} of the lake bucket: the keys are generated per batch (dt partition + content hash), so the dataset's own prefix is the narrowest resource.`,
      );
    }
    acknowledgeFinding(
      this.ingest.function,
      'Serverless-LambdaDLQ',
      'The function is only invoked by the SQS event source mapping (never asynchronously); failed messages move to the dataset dead-letter queue through the queue redrive policy.',
    );
    for (const mapping of this.ingest.function.node.findAll().filter((child) => child instanceof CfnEventSourceMapping)) {
      acknowledgeFinding(
        mapping,
        'Serverless-LambdaEventSourceMappingDestination',
        'SQS event source mappings do not support on-failure destinations; failures are retried by SQS and land in the dead-letter queue after maxReceiveCount, which is alarmed.',
      );
    }
    acknowledgeFinding(
      this.deadLetterQueue,
      'Serverless-SQSRedrivePolicy',
      'This queue is the terminal dead-letter queue of the dataset queue and its SNS subscription; it keeps messages 14 days and raises an alarm, a further redrive target would hide them.',
    );
  }
}
