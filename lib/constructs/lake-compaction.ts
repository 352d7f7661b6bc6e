import { Duration, Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { checkCompactionLag, DEFAULT_COMPACTION_LAG_HOURS } from '../../lambdas/core/compaction-plan';
import { curatedTableName, type DatasetDefinition } from '../../lambdas/core/dataset';
import { COMPACTION_SERVICE } from '../../lambdas/core/telemetry';
import { acknowledgeFinding, bucketObjectsFinding, functionQualifiersFinding } from '../nag-acknowledgements';
import type { LakeStorage } from './lake-storage';
import { LakelineFunction } from './lakeline-function';
import { SecureQueue } from './secure-queue';

export interface LakeCompactionProps {
  /** Name prefix of the physical resources, e.g. `lakeline-dev`. */
  readonly namePrefix: string;
  /** The datasets whose closed days are compacted. */
  readonly datasets: readonly DatasetDefinition[];
  readonly storage: LakeStorage;
  /** Glue database `lakeline_<stage>` holding the raw and curated tables. */
  readonly glueDatabaseName: string;
  /** The encrypted bucket Athena writes query results to; the compaction workgroup writes under `compaction/`. */
  readonly resultsBucket: Bucket;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  /** Athena cancels an UNLOAD that would scan more (one day of one dataset per query). @default 100 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Hours after a day ends (UTC) before it is compacted. @default DEFAULT_COMPACTION_LAG_HOURS (3) */
  readonly lagHours?: number;
  /** How often the schedule starts a run. @default 1 hour */
  readonly interval?: Duration;
}

/** Query result reuse and UNLOAD need engine version 3: https://docs.aws.amazon.com/athena/latest/ug/unload.html */
const ATHENA_ENGINE_VERSION = 'Athena engine version 3';
const HUNDRED_GIB = 100 * 1024 ** 3;
const RESULTS_PREFIX = 'compaction';

/**
 * The compaction of the lake: a function that compacts every closed day of every dataset into the curated zone
 * (Athena UNLOAD to Parquet, Glue partition switch), started by an hourly EventBridge Scheduler schedule, in its own
 * Athena workgroup (enforced configuration, encrypted results, bytes-scanned cutoff). Runs never overlap (reserved
 * concurrency 1); a failed run lands in the dead-letter queue, which the monitoring alarms on with the function's errors.
 */
export class LakeCompaction extends Construct {
  readonly compaction: LakelineFunction;
  readonly workGroup: CfnWorkGroup;
  readonly workGroupName: string;
  readonly schedule: Schedule;
  /** The role the schedule invokes the function with. */
  readonly scheduleRole: Role;
  /** Where failed schedule deliveries and failed asynchronous invocations end up. */
  readonly deadLetterQueue: SecureQueue;

  constructor(scope: Construct, id: string, props: LakeCompactionProps) {
    super(scope, id);
    const lagHours = props.lagHours ?? DEFAULT_COMPACTION_LAG_HOURS;
    checkCompactionLag(lagHours);
    this.workGroupName = `${props.namePrefix}-compaction`;

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Lakeline compaction workgroup (UNLOAD of closed days to Parquet)',
      state: 'ENABLED',
      recursiveDeleteOption: !props.deletionProtection,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? HUNDRED_GIB,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${RESULTS_PREFIX}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.deadLetterQueue = new SecureQueue(this, 'DeadLetterQueue', {
      queueName: `${props.namePrefix}-compaction-dlq`,
      retentionPeriod: Duration.days(14),
    });

    this.compaction = new LakelineFunction(this, 'Compaction', {
      handlerFolder: 'compaction',
      functionName: `${props.namePrefix}-compaction`,
      description: 'Compacts closed days of every dataset into Parquet (Athena UNLOAD) and switches their Glue partitions',
      serviceName: COMPACTION_SERVICE,
      // Lambda's longest timeout; one run compacts the days due since the last one.
      timeout: Duration.minutes(15),
      memorySize: 512,
      logRetention: props.logRetention,
      deletionProtection: props.deletionProtection,
      reservedConcurrentExecutions: 1,
    });
    const fn = this.compaction.function;
    // The schedule invokes asynchronously; a failed run is not retried by Lambda (the next hourly run retries its days)
    // but recorded in the dead-letter queue: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(this.deadLetterQueue) });
    this.grant(props);
    fn.addEnvironment('COMPACTION_LAG_HOURS', String(lagHours));

    // EventBridge Scheduler retries a failed delivery to the function, then sends the event to the dead-letter queue:
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
    // Its own role, trusted by the scheduler of this account only (confused-deputy condition):
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    this.scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Role with which the ${props.namePrefix} compaction schedule invokes the compaction function`,
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `${props.namePrefix}-compaction`,
      description: 'Starts a compaction run over every dataset',
      schedule: ScheduleExpression.rate(props.interval ?? Duration.hours(1)),
      target: new LambdaInvoke(fn, {
        role: this.scheduleRole,
        input: ScheduleTargetInput.fromObject({}),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });
    this.acknowledgeFindings(props);
  }

  /** Each environment variable is set next to the grant on the resource it names. */
  private grant(props: LakeCompactionProps): void {
    const fn = this.compaction.function;
    const stack = Stack.of(this);
    const tableArn = (table: string) =>
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.glueDatabaseName}/${table}` });
    const catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const databaseArn = stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.glueDatabaseName });
    const curatedTables = props.datasets.map((dataset) => tableArn(curatedTableName(dataset)));

    fn.addEnvironment('ATHENA_COMPACTION_WORKGROUP', this.workGroupName);
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'RunCompactionQueries',
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'UseCompactionResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [props.resultsBucket.arnForObjects(`${RESULTS_PREFIX}/*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'LocateCompactionResults',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [props.resultsBucket.bucketArn],
      }),
    );

    fn.addEnvironment('GLUE_DATABASE', props.glueDatabaseName);
    // Glue checks the catalog, the database and the table of a table or partition call:
    // https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadLakeTables',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [catalogArn, databaseArn, ...props.datasets.map((dataset) => tableArn(dataset.name)), ...curatedTables],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'SwitchCompactedDays',
        actions: ['glue:GetPartition', 'glue:CreatePartition', 'glue:UpdatePartition', 'glue:BatchCreatePartition'],
        resources: [catalogArn, databaseArn, ...curatedTables],
      }),
    );
    // Athena needs the Region's `default` database even for queries that name their own:
    // https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html#full-access-to-default-db-per-region
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadDefaultDatabase',
        actions: ['glue:GetDatabase'],
        resources: [stack.formatArn({ service: 'glue', resource: 'database', resourceName: 'default' })],
      }),
    );

    fn.addEnvironment('LAKE_BUCKET', props.storage.lakeBucket.bucketName);
    props.storage.grantCompaction(fn);
  }

  private acknowledgeFindings(props: LakeCompactionProps): void {
    const role = this.compaction.role;
    const lake = props.storage.lakeBucket;
    acknowledgeFinding(
      role,
      bucketObjectsFinding(lake, 'raw/*'),
      's3:GetObject only, on keys under raw/: Athena reads the raw objects of the day it compacts with the caller credentials, and the keys are generated per batch.',
    );
    acknowledgeFinding(
      role,
      bucketObjectsFinding(lake, 'curated/*'),
      'Athena UNLOAD reads the current run of the day it compacts and writes the Parquet files of a new run under curated/<dataset>/dt=<day>/run=<id>/ with the caller credentials (names chosen by Athena), and the function deletes stale runs there.',
    );
    acknowledgeFinding(
      role,
      bucketObjectsFinding(lake, 'compaction-requests/*'),
      's3:DeleteObject only, on keys under compaction-requests/: the markers the ingest leaves for late records, deleted once the day they name was compacted again.',
    );
    acknowledgeFinding(
      role,
      bucketObjectsFinding(props.resultsBucket, `${RESULTS_PREFIX}/*`),
      'Athena writes the UNLOAD manifest and query metadata under compaction/ of the results bucket with the caller credentials; file names are query ids chosen by Athena.',
    );
    acknowledgeFinding(
      this.scheduleRole,
      functionQualifiersFinding(this.compaction.function),
      'lambda:InvokeFunction on the compaction function and its qualified ARNs (versions and aliases), as the scheduler target grants it; no other function is named.',
    );
    acknowledgeFinding(
      this.compaction.function,
      'Serverless-LambdaDLQ',
      'Asynchronous invocations that fail go to the compaction dead-letter queue through an on-failure destination (EventInvokeConfig), which supersedes a function dead-letter queue and is alarmed.',
    );
    acknowledgeFinding(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the compaction schedule and of the function failed invocations; it keeps events 14 days and raises an alarm, a further dead-letter queue would hide them.',
    );
    acknowledgeFinding(
      this.deadLetterQueue,
      'Serverless-SQSRedrivePolicy',
      'This queue is the terminal dead-letter queue of the compaction schedule and of the function failed invocations; it keeps events 14 days and raises an alarm, a further redrive target would hide them.',
    );
  }
}
