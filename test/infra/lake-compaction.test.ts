import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LakeStorage } from '../../lib/constructs/lake-storage';
import { asList, type PolicyStatement, type TemplateResource } from './policy-statements';
import { cdkJsonContext, synthLakeline, tempOutdir } from './synth-lakeline';

const template = synthLakeline();
const resources = template.toJSON().Resources as Record<string, TemplateResource>;

function propertiesOf(type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map((resource) => resource.Properties);
}

/** The statements of the inline policy attached to the role whose logical id matches `rolePattern`. */
function roleStatements(rolePattern: RegExp): PolicyStatement[] {
  const policies = Object.values(resources).filter(
    (resource) =>
      resource.Type === 'AWS::IAM::Policy' && (resource.Properties.Roles as { Ref: string }[]).some((role) => rolePattern.test(role.Ref)),
  );
  expect(policies).toHaveLength(1);
  const document = policies[0]?.Properties.PolicyDocument as { Statement: PolicyStatement[] } | undefined;
  return document?.Statement ?? [];
}

describe('curated tables', () => {
  const curated = propertiesOf('AWS::Glue::Table')
    .map((table) => table.TableInput as Record<string, unknown>)
    .filter((input) => String(input.Name).startsWith('lakeline_curated_'));

  it('declares one Parquet table per dataset under curated/<name>/, partitioned by dt, without partition projection', () => {
    // Act
    const passengers = curated.find((input) => input.Name === 'lakeline_curated_passengers');

    // Assert
    expect(curated.map((input) => input.Name).sort()).toEqual(['lakeline_curated_passengers', 'lakeline_curated_smoke_checks']);
    expect(passengers).toMatchObject({
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      StorageDescriptor: {
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        Location: { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^StorageLakeBucket/) }, '/curated/passengers/']] },
      },
    });
    for (const input of curated) {
      expect(
        Object.keys(input.Parameters as object).filter((name) => name.startsWith('projection.') || name.startsWith('storage.location')),
      ).toEqual([]);
    }
  });

  it('has the stored columns of the raw table, in the same order', () => {
    // Prepare
    const raw = propertiesOf('AWS::Glue::Table')
      .map((table) => table.TableInput as { Name: string; StorageDescriptor: { Columns: unknown } })
      .find((input) => input.Name === 'passengers');

    // Act
    const passengers = curated.find((input) => input.Name === 'lakeline_curated_passengers') as { StorageDescriptor: { Columns: unknown } };

    // Assert
    expect(passengers.StorageDescriptor.Columns).toEqual(raw?.StorageDescriptor.Columns);
  });
});

describe('compaction schedule and function', () => {
  it('invokes the function hourly with {} from EventBridge Scheduler, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'lakeline-dev-compaction',
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CompactionFunction'), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CompactionScheduleRole'), 'Arn'] },
        Input: '{}',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CompactionDeadLetterQueue'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  it("lets only this account's scheduler assume the schedule role", () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Description: Match.stringLikeRegexp('compaction schedule'),
    });
  });

  it('never runs two compactions at once and records failed asynchronous runs in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'lakeline-dev-compaction',
      ReservedConcurrentExecutions: 1,
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          ATHENA_COMPACTION_WORKGROUP: 'lakeline-dev-compaction',
          GLUE_DATABASE: 'lakeline_dev',
          COMPACTION_LAG_HOURS: '3',
          LAKE_BUCKET: { Ref: Match.stringLikeRegexp('^StorageLakeBucket') },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CompactionDeadLetterQueue'), 'Arn'] } } },
    });
  });

  it('runs in its own workgroup with an enforced configuration, encrypted results and a bytes-scanned cutoff', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'lakeline-dev-compaction',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 100 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^QueryAthenaResultsBucket') }, '/compaction/']] },
        },
      },
    });
  });

  it('raises one failure alarm, on function errors and dead letters, that notifies the alarm topic', () => {
    // Act
    const alarms = propertiesOf('AWS::CloudWatch::Alarm').filter((alarm) => /Compaction-Failures/.test(String(alarm.AlarmName)));

    // Assert
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0] as { Metrics: { Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[] };
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: expect.stringMatching(/^AlarmNotifications/) }],
      OKActions: [{ Ref: expect.stringMatching(/^AlarmNotifications/) }],
    });
    expect(
      alarm.Metrics.map((metric) => metric.Expression ?? `${metric.MetricStat?.Metric.Namespace} ${metric.MetricStat?.Metric.MetricName}`),
    ).toEqual(['FILL(errors,0) + FILL(dlq,0)', 'AWS/Lambda Errors', 'AWS/SQS ApproximateNumberOfMessagesVisible']);
  });

  it('has a place on the dashboard', () => {
    // Act
    const body = JSON.stringify(propertiesOf('AWS::CloudWatch::Dashboard')[0]?.DashboardBody);

    // Assert
    expect(body).toContain('Compaction');
    expect(body).toContain('DaysCompacted');
    expect(body).toContain('CompactionFailures');
  });
});

describe('compaction role', () => {
  const statements = roleStatements(/^CompactionRole/);
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid);
  const resourcesOf = (sid: string) => JSON.stringify(bySid(sid)?.Resource);

  it('runs queries only in the compaction workgroup', () => {
    expect(bySid('RunCompactionQueries')).toMatchObject({
      Action: ['athena:GetQueryExecution', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      Resource: { 'Fn::Join': ['', expect.arrayContaining([':workgroup/lakeline-dev-compaction'])] },
    });
  });

  it('reads raw and curated tables, and changes partitions of the curated tables only', () => {
    // Act
    const read = resourcesOf('ReadLakeTables');
    const write = resourcesOf('SwitchCompactedDays');

    // Assert
    expect(bySid('ReadLakeTables')?.Action).toEqual(['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable']);
    for (const table of ['passengers', 'smoke_checks', 'lakeline_curated_passengers', 'lakeline_curated_smoke_checks'])
      expect(read).toContain(`:table/lakeline_dev/${table}"`);
    expect(read).toMatch(/:catalog".*:database\/lakeline_dev"/);
    expect(bySid('SwitchCompactedDays')?.Action).toEqual([
      'glue:BatchCreatePartition',
      'glue:CreatePartition',
      'glue:GetPartition',
      'glue:UpdatePartition',
    ]);
    expect(write.match(/:table\/[^"]*/g)).toEqual([
      ':table/lakeline_dev/lakeline_curated_passengers',
      ':table/lakeline_dev/lakeline_curated_smoke_checks',
    ]);
  });

  it('reads raw/ and curated/, writes and deletes curated/, deletes compaction-requests/, and lists only those prefixes', () => {
    // Act
    const lake = statements.filter((statement) => JSON.stringify(statement.Resource).includes('LakeBucket'));

    // Assert
    expect(lake.map((statement) => [statement.Sid, asList(statement.Action)])).toEqual([
      ['ReadRawForCompaction', ['s3:GetObject']],
      ['ReadCuratedForCompaction', ['s3:GetObject']],
      ['WriteCuratedObjects', ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:PutObject']],
      ['DeleteCompactionRequests', ['s3:DeleteObject']],
      ['ListCompactionPrefixes', ['s3:ListBucket']],
      ['LocateLakeBucketForCompaction', ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads']],
    ]);
    expect(resourcesOf('ReadRawForCompaction')).toContain('"/raw/*"');
    expect(resourcesOf('ReadCuratedForCompaction')).toContain('"/curated/*"');
    expect(resourcesOf('WriteCuratedObjects')).toContain('"/curated/*"');
    expect(resourcesOf('DeleteCompactionRequests')).toContain('"/compaction-requests/*"');
    expect(bySid('ListCompactionPrefixes')?.Condition).toEqual({
      StringLike: { 's3:prefix': ['raw/*', 'raw/', 'curated/*', 'curated/', 'compaction-requests/*', 'compaction-requests/'] },
    });
  });

  it('uses only the compaction/ prefix of the results bucket', () => {
    expect(resourcesOf('UseCompactionResults')).toMatch(/AthenaResultsBucket.*"\/compaction\/\*"/);
  });
});

describe('grants around the new zones', () => {
  it('lets each ingest put compaction requests under its own dataset prefix only', () => {
    // Act
    const s3 = roleStatements(/^DatasetpassengersIngestRole/).filter((statement) => asList(statement.Action).includes('s3:PutObject'));

    // Assert
    const resources = JSON.stringify(s3[0]?.Resource);
    expect(s3).toHaveLength(1);
    for (const prefix of ['raw', 'rejected', 'compaction-requests']) expect(resources).toContain(`"/${prefix}/passengers/*"`);
    expect(resources).not.toContain('smoke_checks');
  });

  it("lets the query function read the curated tables' partitions", () => {
    // Act
    const glue = roleStatements(/QueryRole/).find((statement) => statement.Sid === 'ReadLakeCatalog');

    // Assert
    expect(glue?.Action).toEqual(['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable']);
    expect(JSON.stringify(glue?.Resource)).toContain(':table/lakeline_dev/lakeline_curated_passengers"');
  });

  it('never expires raw objects by default: raw is the source of truth', () => {
    // Act
    const lake = propertiesOf('AWS::S3::Bucket').find((bucket) => JSON.stringify(bucket).includes('expire-noncurrent-versions')) as {
      LifecycleConfiguration: { Rules: { Id: string; ExpirationInDays?: number }[] };
    };

    // Assert
    expect(lake.LifecycleConfiguration.Rules.map((rule) => rule.Id)).toEqual([
      'abort-incomplete-uploads',
      'infrequent-access',
      'expire-noncurrent-versions',
    ]);
    expect(lake.LifecycleConfiguration.Rules.filter((rule) => rule.ExpirationInDays !== undefined)).toEqual([]);
  });

  it('expires raw objects only when rawExpirationDays is set, keeping the other lifecycle rules', () => {
    // Prepare
    const stack = new Stack(new App({ outdir: tempOutdir(), context: { ...cdkJsonContext } }), 'Probe');

    // Act
    new LakeStorage(stack, 'Storage', { rawExpirationDays: 400 });

    // Assert
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'infrequent-access' }),
          Match.objectLike({ Id: 'expire-noncurrent-versions' }),
          { Id: 'expire-raw', Prefix: 'raw/', ExpirationInDays: 400, Status: 'Enabled' },
        ]),
      },
    });
  });
});
