import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import { defineDataset, storedColumns } from '../../lambdas/core/dataset';
import { INGEST_DEFAULTS } from '../../lib/constructs/dataset-pipeline';
import { synthLakeline } from './synth-lakeline';

const template = synthLakeline();
// biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's storage.location.template placeholder, not a JavaScript template.
const ATHENA_DT_TEMPLATE = '/raw/passengers/dt=${dt}/';

function propertiesOf(type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map((resource) => resource.Properties);
}

describe('per-dataset messaging', () => {
  it('creates one topic per dataset, encrypted with KMS and named after stage and dataset', () => {
    // Prepare
    const expectedNames = datasets.map((dataset) => `lakeline-dev-${dataset.name}`);

    // Act
    const topics = propertiesOf('AWS::SNS::Topic').filter((topic) => topic.TopicName !== 'lakeline-dev-alarms');

    // Assert
    expect(topics.map((topic) => topic.TopicName)).toEqual(expectedNames);
    for (const topic of topics)
      expect(topic.KmsMasterKeyId).toEqual({
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/sns'],
        ],
      });
  });

  it('denies publishing to the topic over plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Principal: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes the queue with the SNS envelope kept and a dead-letter queue for undeliverable messages', () => {
    template.resourceCountIs('AWS::SNS::Subscription', datasets.length);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: false,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
    });
  });

  it('encrypts the queue and its dead-letter queue and keeps dead letters for 14 days', () => {
    // Act
    const queues = propertiesOf('AWS::SQS::Queue').filter((queue) => queue.QueueName !== 'lakeline-dev-compaction-dlq');

    // Assert
    expect(queues).toHaveLength(2 * datasets.length);
    for (const queue of queues) expect(queue.SqsManagedSseEnabled).toBe(true);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'lakeline-dev-passengers-dlq', MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'lakeline-dev-passengers',
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('denies every non-TLS request on both queues', () => {
    // Act
    const policies = propertiesOf('AWS::SQS::QueuePolicy');

    // Assert
    expect(policies).toHaveLength(2 * datasets.length + 1); // plus the compaction dead-letter queue's
    for (const policy of policies) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('sets the visibility timeout to six times the ingest timeout plus the batching window', () => {
    // Prepare
    const ingest = propertiesOf('AWS::Lambda::Function').find((fn) => fn.FunctionName === 'lakeline-dev-passengers-ingest');
    const queue = propertiesOf('AWS::SQS::Queue').find((q) => q.QueueName === 'lakeline-dev-passengers');

    // Act
    const ratio = Number(queue?.VisibilityTimeout) / Number(ingest?.Timeout);

    // Assert
    expect(ratio).toBeGreaterThanOrEqual(6);
    expect(queue?.VisibilityTimeout).toBe(INGEST_DEFAULTS.timeoutSeconds * 6 + INGEST_DEFAULTS.maxBatchingWindowSeconds);
    expect(queue?.VisibilityTimeout).toBe(420);
  });
});

describe('ingest function', () => {
  it('feeds the ingest from the queue in big batches with a batching window and partial batch failures', () => {
    // Act
    const mappings = propertiesOf('AWS::Lambda::EventSourceMapping');

    // Assert
    expect(mappings).toHaveLength(datasets.length);
    for (const mapping of mappings) {
      expect(mapping.BatchSize).toBeGreaterThanOrEqual(100);
      expect(mapping.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
      expect(mapping.BatchSize).toBe(INGEST_DEFAULTS.batchSize);
      expect(mapping.MaximumBatchingWindowInSeconds).toBe(INGEST_DEFAULTS.maxBatchingWindowSeconds);
      expect([mapping.BatchSize, mapping.MaximumBatchingWindowInSeconds]).toEqual([1000, 60]);
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it('runs Node.js 22 on ARM64 with tracing, a timeout, memory, its dataset and the lake bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'lakeline-dev-passengers-ingest',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      MemorySize: 1024,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('IngestLogs') } },
      Environment: {
        Variables: Match.objectLike({
          DATASET_NAME: 'passengers',
          LAKE_BUCKET: { Ref: Match.stringLikeRegexp('LakeBucket') },
          POWERTOOLS_SERVICE_NAME: 'ingest',
          POWERTOOLS_METRICS_NAMESPACE: 'Lakeline',
        }),
      },
    });
  });

  it('gives every function an explicit log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/lakeline-dev-passengers-ingest',
      RetentionInDays: 14,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/lakeline-dev-query', RetentionInDays: 14 });
  });
});

describe('Glue table', () => {
  const table = propertiesOf('AWS::Glue::Table')[0] as { DatabaseName: string; TableInput: Record<string, unknown> };

  it('names the table after the dataset in the stage database', () => {
    expect(table.DatabaseName).toBe('lakeline_dev');
    expect(table.TableInput).toMatchObject({ Name: 'passengers', TableType: 'EXTERNAL_TABLE' });
  });

  it('declares the stored columns of the definition with their Hive types and dt as the partition key', () => {
    // Prepare
    const passengers = datasets[0];
    const expected = passengers ? storedColumns(passengers).map((column) => ({ Name: column.name, Type: column.type })) : [];

    // Act
    const descriptor = table.TableInput.StorageDescriptor as { Columns: { Name: string; Type: string }[] };

    // Assert
    expect(descriptor.Columns.map(({ Name, Type }) => ({ Name, Type }))).toEqual(expected);
    expect(table.TableInput.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'string' })]);
  });

  it('projects daily dt partitions from the configured start to a day past NOW under raw/<dataset>/', () => {
    expect(table.TableInput.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-01-01,NOW+1DAYS',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': {
        'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/LakeBucket/) }, ATHENA_DT_TEMPLATE]],
      },
    });
  });

  it('reads gzip NDJSON through the Hive JSON SerDe at raw/<dataset>/', () => {
    expect(table.TableInput.StorageDescriptor).toMatchObject({
      Location: { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/LakeBucket/) }, '/raw/passengers/']] },
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      Compressed: true,
      SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
    });
    expect(table.TableInput.Parameters).toMatchObject({ classification: 'json', compressionType: 'gzip' });
  });
});

describe('dataset definitions drive the pipelines', () => {
  it('adds a topic, two queues, an ingest function, a table and a rejected table for each added dataset', () => {
    // Prepare
    const flights = defineDataset({
      name: 'flights',
      description: 'Flights.',
      columns: {
        flight_id: { type: 'bigint', description: 'Flight.', required: true },
        departs_at: { type: 'timestamp', description: 'Departure.', required: true },
      },
      partitionColumn: 'departs_at',
    });

    // Act
    const twoDatasets = synthLakeline({ datasets: [...datasets, flights] });

    // Assert
    twoDatasets.resourceCountIs('AWS::SNS::Topic', datasets.length + 2); // plus the alarm topic
    twoDatasets.resourceCountIs('AWS::SQS::Queue', 2 * (datasets.length + 1) + 1); // plus the compaction dead-letter queue
    twoDatasets.resourceCountIs('AWS::Glue::Table', 3 * (datasets.length + 1)); // raw, curated and rejected
    twoDatasets.hasResourceProperties('AWS::Glue::Table', { TableInput: Match.objectLike({ Name: 'lakeline_rejected_flights' }) });
    twoDatasets.resourceCountIs('AWS::Lambda::EventSourceMapping', datasets.length + 1);
    twoDatasets.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'lakeline-dev-flights-ingest' });
    twoDatasets.hasOutput('FlightsTopicArn', {});
  });

  it("projects dt as far past NOW as the dataset's partitionFutureDays lets the ingest accept", () => {
    // Prepare
    const forecasts = defineDataset({
      name: 'forecasts',
      description: 'Forecasts, dated up to a week ahead.',
      columns: { valid_at: { type: 'timestamp', description: 'Valid from.', required: true } },
      partitionColumn: 'valid_at',
      partitionStart: '2025-06-01',
      partitionFutureDays: 7,
    });

    // Act
    const synthesised = synthLakeline({ datasets: [forecasts] });

    // Assert
    synthesised.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'forecasts', Parameters: Match.objectLike({ 'projection.dt.range': '2025-06-01,NOW+7DAYS' }) }),
    });
  });
});
