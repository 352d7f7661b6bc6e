/**
 * IAM, evaluated: every AWS API call the code makes (read from the sources and workflows, see aws-api-calls.ts), and
 * every call AWS makes with a Lakeline role's credentials on the code's behalf, is evaluated with iam-simulate against
 * the synthesised policies on the exact resource it touches, and must be allowed; a set of calls no role needs must be
 * denied. List the evaluated cases with:
 *   npx vitest run test/infra/iam-evaluation.test.ts --reporter=verbose
 */
import { describe, expect, it } from 'vitest';
import { compactionRequestKey, curatedRunPrefix, rawObjectKey, rejectedObjectKey } from '../../lambdas/core/lake-keys';
import { sdkCallsInSources, workflowCallsInRepository } from './aws-api-calls';
import { type DatasetSample, deployedSample, LakelineResources, type Probe } from './deployed-sample';
import { decide, type PolicyDocument } from './iam-simulation';
import { TemplateResolver } from './template-resolver';

const sample = deployedSample();
const lake = new LakelineResources(sample.lakeline);
const { account, region } = lake;

type StackRole = 'ingest' | 'query' | 'compaction' | 'smoke-test' | 'deploy';

interface Principal {
  readonly name: string;
  readonly role: StackRole;
  readonly roleId: string;
  readonly arn: string;
  readonly identity: readonly PolicyDocument[];
  /** The dataset an ingest role belongs to. */
  readonly dataset?: DatasetSample;
}

const PRINCIPALS: readonly Principal[] = [
  ...sample.datasets.map(
    (dataset): Principal => ({
      name: `ingest role of ${dataset.name}`,
      role: 'ingest',
      roleId: dataset.ingestRole,
      arn: sample.lakeline.roleArn(dataset.ingestRole),
      identity: sample.lakeline.identityPolicies(dataset.ingestRole),
      dataset,
    }),
  ),
  ...(
    [
      ['query role', 'query', sample.lakeline, sample.queryRole],
      ['compaction role', 'compaction', sample.lakeline, sample.compactionRole],
      ['smoke-test role', 'smoke-test', sample.github, sample.smokeTestRole],
      ['deploy role', 'deploy', sample.github, sample.deployRole],
    ] as const
  ).map(
    ([name, role, stack, roleId]): Principal => ({
      name,
      role,
      roleId,
      arn: stack.roleArn(roleId),
      identity: stack.identityPolicies(roleId),
    }),
  ),
];

/**
 * Who makes a call: a stack role, or several (an adapter shared by functions), each evaluated; an operator's own
 * credentials; or nobody on AWS (local endpoint only).
 */
type Caller =
  | { readonly role: StackRole }
  | { readonly roles: readonly StackRole[] }
  | { readonly operator: string }
  | { readonly localOnly: string };

function rolesOf(caller: Caller): readonly StackRole[] {
  if ('role' in caller) return [caller.role];
  return 'roles' in caller ? caller.roles : [];
}

/** Why a call has no stack role to evaluate, or undefined when a stack role makes it. */
function withoutRole(caller: Caller): string | undefined {
  if ('operator' in caller) return `operator: ${caller.operator}`;
  if ('localOnly' in caller) return `local only: ${caller.localOnly}`;
  return undefined;
}

function ownDataset(principal: Principal): DatasetSample {
  if (!principal.dataset) throw new Error(`${principal.name} belongs to no dataset`);
  return principal.dataset;
}

interface CallRow {
  /** Where the call is made: a source file or workflow, or the AWS feature that makes it for the code. */
  readonly site: string;
  /** The call as the scan reports it: the IAM action of an SDK command, or a workflow command line. */
  readonly call: string;
  readonly caller: Caller;
  /** The IAM actions evaluated. @default [call] */
  readonly actions?: readonly string[];
  readonly probes?: (principal: Principal) => readonly Probe[];
}

const DAY = '2025-01-01';
const OBJECT_ID = '5f0c1a9e2b7d4c3a';
const QUERY_ID = '0b9d2f4e-6a1c-4e8b-9f3d-2c5a7e1b4d6f';
const RUN_ID = '20250102T040000Z-5f0c';

const queryEnvironment = lake.environmentOf(sample.queryFunction);
const workGroupName = String(queryEnvironment.ATHENA_WORKGROUP);
const databaseName = String(queryEnvironment.GLUE_DATABASE);
const lakeBucketOf = (dataset: DatasetSample) => lake.bucketNamed(String(lake.environmentOf(dataset.ingestFunction).LAKE_BUCKET));
const compactionEnvironment = lake.environmentOf(sample.compactionFunction);
const compactionWorkGroupName = String(compactionEnvironment.ATHENA_COMPACTION_WORKGROUP);
const compactionDatabaseName = String(compactionEnvironment.GLUE_DATABASE);
const compactionLakeBucket = lake.bucketNamed(String(compactionEnvironment.LAKE_BUCKET));
const curatedTable = (dataset: DatasetSample) => `lakeline_curated_${dataset.name}`;

/** A Glue table with the catalog and the database, which Glue checks with it on every table or partition call. */
const glueTableWithAncestors = (database: string, tables: readonly string[]): Probe[] => [
  lake.glue('catalog'),
  lake.glue(`database/${database}`),
  ...tables.map((table) => lake.glue(`table/${database}/${table}`)),
];

/** Where Athena reads a table's data: the table's storage location in the Glue catalog. */
function tableLocation(dataset: DatasetSample): { bucket: string; prefix: string; table: string } {
  const input = lake.resolver.resolve(lake.resolver.resource(dataset.table).Properties.TableInput) as {
    Name: string;
    StorageDescriptor: { Location: string };
  };
  return { ...lake.s3Location(input.StorageDescriptor.Location), table: input.Name };
}

/** Where Athena writes results: the output location the workgroup enforces. */
const resultsLocationOf = (workGroup: string) =>
  lake.s3Location(
    lake.resolver.resolveString(
      (
        lake.resolver.resource(lake.workGroupNamed(workGroup)).Properties.WorkGroupConfiguration as {
          ResultConfiguration: { OutputLocation: unknown };
        }
      ).ResultConfiguration.OutputLocation,
    ),
  );
const resultsLocation = resultsLocationOf(workGroupName);
const compactionResultsLocation = resultsLocationOf(compactionWorkGroupName);

/**
 * The CDK bootstrap roles `cdk deploy` assumes, named as `cdk bootstrap` names them, and the trust policy the bootstrap
 * template gives them (the account itself), so the deploy role's identity policy decides.
 * https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
function bootstrapRole(kind: string): Probe {
  return {
    resource: `arn:aws:iam::${account}:role/cdk-hnb659fds-${kind}-${account}-${region}`,
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
    },
  };
}

const OPERATOR_PUBLISH =
  '`lakeline publish --topic-arn …` publishes with the credentials of whoever runs it (without --topic-arn it publishes to the local endpoint); no stack role is involved.';
const OPERATOR_REDRIVE =
  '`lakeline redrive --stage|--dlq-arn|--queue-url` is an operator recovery step run with the operator credentials (docs/runbook.md); the stack grants no role these actions on purpose.';

/** The calls found in the code: each has exactly one row, and each row a call found in the code. */
const CODE_CALLS: readonly CallRow[] = [
  {
    site: 'lambdas/adapters/s3-object-store.ts',
    call: 's3:PutObject',
    caller: { role: 'ingest' },
    probes: (principal) => {
      const dataset = ownDataset(principal);
      return [
        lake.object(lakeBucketOf(dataset), rawObjectKey(dataset.name, DAY, OBJECT_ID)),
        lake.object(lakeBucketOf(dataset), rejectedObjectKey(dataset.name, DAY, OBJECT_ID)),
      ];
    },
  },
  ...['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'].map(
    (call): CallRow => ({
      site: 'lambdas/adapters/athena-query-engine.ts',
      call,
      caller: { role: 'query' },
      probes: () => [lake.athenaWorkGroup(workGroupName)],
    }),
  ),
  ...['athena:StartQueryExecution', 'athena:GetQueryExecution'].map(
    (call): CallRow => ({
      site: 'lambdas/adapters/athena-compaction-writer.ts',
      call,
      caller: { role: 'compaction' },
      probes: () => [lake.athenaWorkGroup(compactionWorkGroupName)],
    }),
  ),
  {
    // ListObjectsV2 is authorised by s3:ListBucket on the bucket, with the listed prefix as s3:prefix:
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
    // The compaction lists the raw days, the runs of a curated day and the requests; the query function lists the
    // days with a pending request, which it reads raw.
    site: 'lambdas/adapters/s3-lake-listing.ts',
    call: 's3:ListObjectsV2',
    caller: { roles: ['compaction', 'query'] },
    actions: ['s3:ListBucket'],
    probes: (principal) =>
      sample.datasets.flatMap((dataset) =>
        (principal.role === 'query'
          ? [`compaction-requests/${dataset.name}/`]
          : [
              `raw/${dataset.name}/`,
              `curated/${dataset.name}/`,
              `curated/${dataset.name}/dt=${DAY}/`,
              curatedRunPrefix(dataset.name, DAY, RUN_ID),
              `compaction-requests/${dataset.name}/`,
            ]
        ).map((prefix) => lake.bucket(compactionLakeBucket, { 's3:prefix': prefix })),
      ),
  },
  {
    // DeleteObjects needs s3:DeleteObject on every key it deletes: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
    // The compaction deletes the files of replaced runs and the requests it answered.
    site: 'lambdas/adapters/s3-lake-listing.ts',
    call: 's3:DeleteObjects',
    caller: { role: 'compaction' },
    actions: ['s3:DeleteObject'],
    probes: () =>
      sample.datasets.flatMap((dataset) => [
        lake.object(compactionLakeBucket, `${curatedRunPrefix(dataset.name, DAY, RUN_ID)}part-0.parquet`),
        lake.object(compactionLakeBucket, compactionRequestKey(dataset.name, DAY, OBJECT_ID)),
      ]),
  },
  {
    // The query function reads which days are compacted; the compaction reads them too, and looks up a day's partition.
    site: 'lambdas/adapters/glue-compaction-catalog.ts',
    call: 'glue:GetPartitions',
    caller: { roles: ['compaction', 'query'] },
    probes: () => glueTableWithAncestors(compactionDatabaseName, sample.datasets.map(curatedTable)),
  },
  ...['glue:GetTable', 'glue:CreatePartition', 'glue:UpdatePartition'].map(
    (call): CallRow => ({
      site: 'lambdas/adapters/glue-compaction-catalog.ts',
      call,
      caller: { role: 'compaction' },
      probes: () => glueTableWithAncestors(compactionDatabaseName, sample.datasets.map(curatedTable)),
    }),
  ),
  {
    site: 'local/cli/commands/smoke-command.ts',
    call: 'sns:Publish',
    caller: { role: 'smoke-test' },
    // The workflow passes the PassengersTopicArn output as --topic-arn.
    probes: () => [lake.topic(lake.outputResource('PassengersTopicArn'))],
  },
  { site: 'local/publish/publisher.ts', call: 'sns:Publish', caller: { operator: OPERATOR_PUBLISH } },
  { site: 'local/cli/commands/redrive-command.ts', call: 'sqs:GetQueueUrl', caller: { operator: OPERATOR_REDRIVE } },
  { site: 'local/cli/commands/redrive-command.ts', call: 'sqs:GetQueueAttributes', caller: { operator: OPERATOR_REDRIVE } },
  { site: 'local/cli/commands/redrive-command.ts', call: 'sqs:StartMessageMoveTask', caller: { operator: OPERATOR_REDRIVE } },
  {
    site: 'local/cli/commands/redrive-command.ts',
    call: 'sns:Publish',
    caller: { localOnly: 'The local redrive republishes dead letters to the local SNS endpoint with dummy credentials.' },
  },
  {
    site: 'bench/load.bench.ts',
    call: 'sns:Publish',
    caller: { localOnly: 'The load benchmark publishes to the local mode it starts itself.' },
  },
  {
    site: '.github/workflows/deploy.yml',
    call: 'aws apigateway get-api-key',
    caller: { role: 'smoke-test' },
    // GetApiKey is an API Gateway management GET on /apikeys/{id}: https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
    actions: ['apigateway:GET'],
    probes: () => [lake.apiKey(lake.outputResource('ApiKeyId'))],
  },
  {
    site: '.github/workflows/deploy.yml',
    call: 'cdk deploy',
    caller: { role: 'deploy' },
    // The CDK CLI deploys through the bootstrap roles: deploy-role for CloudFormation, file-publishing-role for the Lambda assets.
    actions: ['sts:AssumeRole'],
    probes: () => [bootstrapRole('deploy-role'), bootstrapRole('file-publishing-role')],
  },
];

/** Calls AWS makes with a Lakeline role's credentials because of the code, which no scan of the sources can find. */
const CALLS_MADE_FOR_THE_CODE: readonly CallRow[] = [
  {
    // https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions
    site: 'Lambda event source mapping of the ingest function',
    call: 'poll the dataset queue',
    caller: { role: 'ingest' },
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    probes: (principal) => [lake.queue(ownDataset(principal).queue)],
  },
  ...(['ingest', 'query', 'compaction'] as const).flatMap((role): CallRow[] => [
    {
      // https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
      site: `X-Ray active tracing of the ${role} function`,
      call: 'send trace segments',
      caller: { role },
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      probes: () => [{ resource: '*' }],
    },
    {
      // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
      site: `Lambda log delivery of the ${role} function`,
      call: 'write the function log group',
      caller: { role },
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      probes: (principal) => [
        lake.logStream(
          role === 'ingest' ? ownDataset(principal).ingestFunction : role === 'query' ? sample.queryFunction : sample.compactionFunction,
        ),
      ],
    },
  ]),
  {
    // Athena reads the catalog with the caller's credentials, the `default` database included ("Mandatory: access
    // policy to the default database and catalog per AWS Region"):
    // https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html#full-access-to-default-db-per-region
    site: 'Athena, running a query of the query function',
    call: 'read the database',
    caller: { role: 'query' },
    actions: ['glue:GetDatabase'],
    probes: () => [lake.glue('catalog'), lake.glue(`database/${databaseName}`), lake.glue('database/default')],
  },
  {
    // Every Glue action on a table needs the table and its ancestors, the database and the catalog:
    // https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html#access-to-glue-resources-table-partitions-and-versions
    site: 'Athena, running a query of the query function',
    call: 'read the tables',
    caller: { role: 'query' },
    actions: ['glue:GetTable', 'glue:GetPartitions'],
    probes: () => [
      lake.glue('catalog'),
      lake.glue(`database/${databaseName}`),
      ...sample.datasets.map((dataset) => lake.glue(`table/${databaseName}/${tableLocation(dataset).table}`)),
    ],
  },
  {
    // Athena reads the table data with the caller's credentials: https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html
    site: 'Athena, running a query of the query function',
    call: 'read the table data',
    caller: { role: 'query' },
    actions: ['s3:GetObject'],
    probes: () =>
      sample.datasets.map((dataset) => {
        const { bucket, prefix } = tableLocation(dataset);
        return lake.object(bucket, `${prefix}dt=${DAY}/${OBJECT_ID}.json.gz`);
      }),
  },
  {
    site: 'Athena, running a query of the query function',
    call: 'list the table partitions',
    caller: { role: 'query' },
    actions: ['s3:ListBucket'],
    probes: () =>
      sample.datasets.map((dataset) => {
        const { bucket, prefix } = tableLocation(dataset);
        return lake.bucket(bucket, { 's3:prefix': `${prefix}dt=${DAY}/` });
      }),
  },
  {
    // The rejected routes query each dataset's rejected table (lib/constructs/rejected-table.ts), read the same way.
    site: 'Athena, running a rejected query of the query function',
    call: 'read the rejected tables and their data',
    caller: { role: 'query' },
    actions: ['glue:GetTable', 'glue:GetPartitions'],
    probes: () => sample.datasets.map((dataset) => lake.glue(`table/${databaseName}/lakeline_rejected_${dataset.name}`)),
  },
  {
    site: 'Athena, running a rejected query of the query function',
    call: 'read the rejected table data',
    caller: { role: 'query' },
    actions: ['s3:GetObject'],
    probes: () => sample.datasets.map((dataset) => lake.object(lakeBucketOf(dataset), rejectedObjectKey(dataset.name, DAY, OBJECT_ID))),
  },
  {
    site: 'Athena, running a rejected query of the query function',
    call: 'list the rejected table partitions',
    caller: { role: 'query' },
    actions: ['s3:ListBucket'],
    probes: () =>
      sample.datasets.map((dataset) => lake.bucket(lakeBucketOf(dataset), { 's3:prefix': `rejected/${dataset.name}/dt=${DAY}/` })),
  },
  {
    site: 'Athena, running a query of the query function',
    call: 'locate the data bucket',
    caller: { role: 'query' },
    actions: ['s3:GetBucketLocation'],
    probes: () => sample.datasets.map((dataset) => lake.bucket(tableLocation(dataset).bucket)),
  },
  {
    // Athena writes and reads the result files with the caller's credentials; the S3 actions are those AWS's managed
    // Athena policy grants on result buckets: https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html
    site: 'Athena, running a query of the query function',
    call: 'write and read the results',
    caller: { role: 'query' },
    actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    probes: () => [lake.object(resultsLocation.bucket, `${resultsLocation.prefix}${QUERY_ID}.csv`)],
  },
  {
    site: 'Athena, running a query of the query function',
    call: 'locate the results bucket',
    caller: { role: 'query' },
    actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    probes: () => [lake.bucket(resultsLocation.bucket)],
  },
  {
    site: 'Athena, running a query of the query function',
    call: 'list the results',
    caller: { role: 'query' },
    actions: ['s3:ListBucket'],
    probes: () => [lake.bucket(resultsLocation.bucket, { 's3:prefix': resultsLocation.prefix })],
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'read the database',
    caller: { role: 'compaction' },
    actions: ['glue:GetDatabase'],
    probes: () => [lake.glue('catalog'), lake.glue(`database/${compactionDatabaseName}`), lake.glue('database/default')],
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'read the raw tables',
    caller: { role: 'compaction' },
    actions: ['glue:GetTable', 'glue:GetPartitions'],
    probes: () =>
      glueTableWithAncestors(
        compactionDatabaseName,
        sample.datasets.map((dataset) => tableLocation(dataset).table),
      ),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'read the raw day',
    caller: { role: 'compaction' },
    actions: ['s3:GetObject'],
    probes: () =>
      sample.datasets.map((dataset) => {
        const { bucket, prefix } = tableLocation(dataset);
        return lake.object(bucket, `${prefix}dt=${DAY}/${OBJECT_ID}.json.gz`);
      }),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'list the raw day',
    caller: { role: 'compaction' },
    actions: ['s3:ListBucket'],
    probes: () =>
      sample.datasets.map((dataset) => {
        const { bucket, prefix } = tableLocation(dataset);
        return lake.bucket(bucket, { 's3:prefix': `${prefix}dt=${DAY}/` });
      }),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: "read the day's current run",
    caller: { role: 'compaction' },
    actions: ['glue:GetTable', 'glue:GetPartitions'],
    probes: () => glueTableWithAncestors(compactionDatabaseName, sample.datasets.map(curatedTable)),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: "read the files of the day's current run",
    caller: { role: 'compaction' },
    actions: ['s3:GetObject'],
    probes: () =>
      sample.datasets.map((dataset) =>
        lake.object(compactionLakeBucket, `${curatedRunPrefix(dataset.name, DAY, RUN_ID)}${QUERY_ID}_00000.zstd.parquet`),
      ),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: "list the day's current run",
    caller: { role: 'compaction' },
    actions: ['s3:ListBucket'],
    probes: () =>
      sample.datasets.map((dataset) => lake.bucket(compactionLakeBucket, { 's3:prefix': curatedRunPrefix(dataset.name, DAY, RUN_ID) })),
  },
  {
    // UNLOAD writes its files with the caller's credentials: https://docs.aws.amazon.com/athena/latest/ug/unload.html
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'write the run files',
    caller: { role: 'compaction' },
    actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    probes: () =>
      sample.datasets.map((dataset) =>
        lake.object(compactionLakeBucket, `${curatedRunPrefix(dataset.name, DAY, RUN_ID)}${QUERY_ID}_00000.zstd.parquet`),
      ),
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'locate the lake bucket',
    caller: { role: 'compaction' },
    actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    probes: () => [lake.bucket(compactionLakeBucket)],
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'write and read the results',
    caller: { role: 'compaction' },
    actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    probes: () => [lake.object(compactionResultsLocation.bucket, `${compactionResultsLocation.prefix}${QUERY_ID}-manifest.csv`)],
  },
  {
    site: 'Athena, running an UNLOAD of the compaction function',
    call: 'locate and list the results',
    caller: { role: 'compaction' },
    actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads', 's3:ListBucket'],
    probes: () => [lake.bucket(compactionResultsLocation.bucket, { 's3:prefix': compactionResultsLocation.prefix })],
  },
  {
    // An asynchronous invocation that fails is sent to the on-failure destination with the function's execution role:
    // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
    site: 'Lambda on-failure destination of the compaction function',
    call: 'record a failed run',
    caller: { role: 'compaction' },
    actions: ['sqs:SendMessage'],
    probes: () => [lake.queue(sample.compactionDeadLetterQueue)],
  },
];

interface DeniedRow {
  readonly what: string;
  readonly roles: readonly StackRole[];
  readonly actions: readonly string[];
  readonly probes: (principal: Principal) => readonly Probe[];
}

const ALL_ROLES: readonly StackRole[] = ['ingest', 'query', 'compaction', 'smoke-test', 'deploy'];

const MUST_BE_DENIED: readonly DeniedRow[] = [
  {
    what: "writing another dataset's prefix",
    roles: ['ingest'],
    actions: ['s3:PutObject'],
    probes: (principal) => [
      lake.object(lakeBucketOf(ownDataset(principal)), rawObjectKey('other', DAY, OBJECT_ID)),
      lake.object(lakeBucketOf(ownDataset(principal)), rejectedObjectKey('other', DAY, OBJECT_ID)),
    ],
  },
  {
    what: 'consuming the dead-letter queue',
    roles: ['ingest'],
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    probes: (principal) => [lake.queue(ownDataset(principal).deadLetterQueue)],
  },
  {
    what: 'deleting lake objects',
    roles: ALL_ROLES,
    actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    probes: () =>
      sample.datasets.flatMap((dataset) => [
        lake.object(lakeBucketOf(dataset), rawObjectKey(dataset.name, DAY, OBJECT_ID)),
        lake.object(lakeBucketOf(dataset), rejectedObjectKey(dataset.name, DAY, OBJECT_ID)),
      ]),
  },
  {
    what: 'running queries in another workgroup',
    roles: ['query', 'compaction'],
    actions: ['athena:StartQueryExecution', 'athena:GetQueryResults'],
    probes: () => [lake.athenaWorkGroup('primary')],
  },
  {
    what: 'writing the lake',
    roles: ['query', 'smoke-test', 'deploy'],
    actions: ['s3:PutObject'],
    probes: () => sample.datasets.map((dataset) => lake.object(lakeBucketOf(dataset), rawObjectKey(dataset.name, DAY, OBJECT_ID))),
  },
  {
    what: 'writing the lake outside the curated zone',
    roles: ['compaction'],
    actions: ['s3:PutObject'],
    probes: () =>
      sample.datasets.flatMap((dataset) => [
        lake.object(compactionLakeBucket, rawObjectKey(dataset.name, DAY, OBJECT_ID)),
        lake.object(compactionLakeBucket, rejectedObjectKey(dataset.name, DAY, OBJECT_ID)),
        lake.object(compactionLakeBucket, compactionRequestKey(dataset.name, DAY, OBJECT_ID)),
      ]),
  },
  {
    what: 'changing the partitions of the raw and rejected tables',
    roles: ['compaction'],
    actions: ['glue:CreatePartition', 'glue:UpdatePartition', 'glue:DeletePartition'],
    probes: () =>
      sample.datasets.flatMap((dataset) => [
        lake.glue(`table/${compactionDatabaseName}/${tableLocation(dataset).table}`),
        lake.glue(`table/${compactionDatabaseName}/lakeline_rejected_${dataset.name}`),
      ]),
  },
  {
    what: 'switching compacted days',
    roles: ['query'],
    actions: ['glue:CreatePartition', 'glue:UpdatePartition'],
    probes: () => sample.datasets.map((dataset) => lake.glue(`table/${databaseName}/${curatedTable(dataset)}`)),
  },
  {
    what: "reading another stage's tables",
    roles: ['query'],
    actions: ['glue:GetTable'],
    probes: () => sample.datasets.map((dataset) => lake.glue(`table/lakeline_prod/${dataset.name}`)),
  },
  {
    what: 'publishing to a topic that is not Lakeline',
    roles: ['smoke-test', 'ingest', 'query', 'deploy'],
    actions: ['sns:Publish'],
    probes: () => [{ resource: `arn:aws:sns:${region}:${account}:billing-events` }],
  },
  {
    what: 'changing or deleting API keys',
    roles: ['smoke-test'],
    actions: ['apigateway:PATCH', 'apigateway:DELETE'],
    probes: () => [lake.apiKey(lake.outputResource('ApiKeyId'))],
  },
  {
    what: 'assuming any role but the CDK bootstrap roles',
    roles: ['deploy'],
    actions: ['sts:AssumeRole'],
    probes: () => [
      bootstrapRole('cfn-exec-role'),
      { ...bootstrapRole('deploy-role'), resource: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` },
    ],
  },
  {
    what: 'deploying without the bootstrap roles',
    roles: ['deploy'],
    actions: ['cloudformation:CreateStack', 'cloudformation:UpdateStack'],
    probes: () => [{ resource: `arn:aws:cloudformation:${region}:${account}:stack/Lakeline-dev/0b9d2f40-6a1c-11ef-9f3d-2c5a7e1b4d6f` }],
  },
  {
    what: 'uploading assets itself',
    roles: ['deploy'],
    actions: ['s3:PutObject'],
    probes: () => [{ resource: `arn:aws:s3:::cdk-hnb659fds-assets-${account}-${region}/asset.zip` }],
  },
  {
    what: 'passing the CloudFormation execution role itself',
    roles: ['deploy'],
    actions: ['iam:PassRole'],
    probes: () => [{ resource: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}` }],
  },
  {
    what: 'changing the functions',
    roles: ['deploy', 'smoke-test'],
    actions: ['lambda:UpdateFunctionCode'],
    probes: () => [{ resource: lake.resolver.getAtt(sample.queryFunction, 'Arn') }],
  },
];

interface Case {
  /** The table row the case comes from. */
  readonly row: string;
  readonly label: string;
  readonly principal: Principal;
  readonly action: string;
  readonly probe: Probe;
}

interface EvaluatedRow {
  readonly row: string;
  readonly roles: readonly StackRole[];
  readonly actions: readonly string[];
  readonly probes: (principal: Principal) => readonly Probe[];
}

function casesOf(rows: readonly EvaluatedRow[], verb: string): Case[] {
  return rows.flatMap((row) =>
    PRINCIPALS.filter((principal) => row.roles.includes(principal.role)).flatMap((principal) =>
      row.actions.flatMap((action) =>
        row.probes(principal).map((probe) => ({
          row: row.row,
          label: `${principal.name} ${verb} ${action} on ${probe.resource}${probe.context ? ` ${JSON.stringify(probe.context)}` : ''}`,
          principal,
          action,
          probe,
        })),
      ),
    ),
  );
}

const key = (row: { site: string; call: string }) => `${row.site} ${row.call}`;

const evaluatedRows = [...CODE_CALLS, ...CALLS_MADE_FOR_THE_CODE].flatMap((row): EvaluatedRow[] =>
  rolesOf(row.caller).length > 0 && row.probes
    ? [{ row: key(row), roles: rolesOf(row.caller), actions: row.actions ?? [row.call], probes: row.probes }]
    : [],
);
const ALLOWED_CASES = casesOf(evaluatedRows, 'may');
const DENIED_CASES = casesOf(
  MUST_BE_DENIED.map((row) => ({ ...row, row: row.what })),
  'may not',
);

const decisionOf = (testCase: Case) =>
  decide(
    {
      principal: testCase.principal.arn,
      action: testCase.action,
      resource: testCase.probe.resource,
      ...(testCase.probe.context ? { context: testCase.probe.context } : {}),
    },
    { identity: testCase.principal.identity, resource: testCase.probe.resourcePolicy },
    account,
  );

describe('the table of AWS API calls', () => {
  const scan = sdkCallsInSources();
  const workflowCalls = workflowCallsInRepository().filter((call) => !call.call.startsWith('npm run'));
  const found = [...new Set([...scan.calls.map((call) => key({ site: call.site, call: call.action })), ...workflowCalls.map(key)])].sort();

  it('can read every AWS SDK import of the sources', () => {
    expect(scan.unreadable).toEqual([]);
  });

  it('finds the calls of the handlers, the CLI, the smoke test and the deploy workflow', () => {
    expect(found).toEqual(
      expect.arrayContaining([
        'lambdas/adapters/s3-object-store.ts s3:PutObject',
        'lambdas/adapters/athena-query-engine.ts athena:StartQueryExecution',
        'local/cli/commands/redrive-command.ts sqs:StartMessageMoveTask',
        'local/cli/commands/smoke-command.ts sns:Publish',
        '.github/workflows/deploy.yml aws apigateway get-api-key',
      ]),
    );
  });

  it('says who makes every call found in the code', () => {
    // Act
    const withoutRow = found.filter((call) => !CODE_CALLS.some((row) => key(row) === call));

    // Assert
    expect(withoutRow).toEqual([]);
  });

  it('has no row for a call the code no longer makes', () => {
    // Act
    const stale = CODE_CALLS.map(key).filter((row) => !found.includes(row));

    // Assert
    expect(stale).toEqual([]);
  });

  it('names the role each workflow step runs with', () => {
    // Prepare
    const { github } = sample;
    const roleOfVariable = (variable: string | undefined) =>
      Object.values(github.resolver.template.Outputs ?? {})
        .filter((output) => output.Description === `GitHub variable ${variable}`)
        .map((output) => TemplateResolver.referencedId(output.Value))[0];
    const entryPoints: Record<string, string> = { 'npm run smoke': 'local/cli/commands/smoke-command.ts' };
    const roleIdOf = (role: StackRole) => PRINCIPALS.find((principal) => principal.role === role)?.roleId;

    // Act
    const mismatches = workflowCallsInRepository().flatMap((call) => {
      const rows = CODE_CALLS.filter((row) => (entryPoints[call.call] ? row.site === entryPoints[call.call] : key(row) === key(call)));
      return rows
        .filter((row) => {
          const roles = rolesOf(row.caller);
          return roles.length !== 1 || roleIdOf(roles[0] as StackRole) !== roleOfVariable(call.roleVariable);
        })
        .map((row) => `${call.site}:${call.line} ${call.call} runs as ${call.roleVariable}, the table says ${JSON.stringify(row.caller)}`);
    });

    // Assert
    expect(mismatches).toEqual([]);
  });

  it('gives the reason for every call made without a stack role', () => {
    // Act
    const unexplained = CODE_CALLS.filter((row) => {
      const reason = withoutRole(row.caller);
      return reason !== undefined && (reason.length < 60 || row.probes !== undefined);
    });

    // Assert
    expect(unexplained).toEqual([]);
  });

  it('evaluates a case for every row with a stack role', () => {
    // Act
    const withoutCase = [...CODE_CALLS, ...CALLS_MADE_FOR_THE_CODE]
      .filter((row) => withoutRole(row.caller) === undefined)
      .map(key)
      .filter((row) => !ALLOWED_CASES.some((testCase) => testCase.row === row));

    // Assert
    expect(withoutCase).toEqual([]);
  });
});

// One test per case, named in full, so the verbose reporter lists every evaluated call.
describe('calls made with an operator or local credentials (no stack role to evaluate)', () => {
  for (const row of CODE_CALLS.filter((candidate) => withoutRole(candidate.caller) !== undefined)) {
    it(`${key(row)} (${withoutRole(row.caller)})`, () => {
      expect(row.probes).toBeUndefined();
    });
  }
});

describe('IAM allows every call a Lakeline role makes', () => {
  for (const testCase of ALLOWED_CASES) {
    it(testCase.label, async () => {
      expect(await decisionOf(testCase)).toBe('Allowed');
    });
  }
});

describe('IAM denies what no Lakeline role needs', () => {
  for (const testCase of DENIED_CASES) {
    it(testCase.label, async () => {
      expect(await decisionOf(testCase)).not.toBe('Allowed');
    });
  }
});
