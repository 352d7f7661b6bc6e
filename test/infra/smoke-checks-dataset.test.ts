import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { datasets, findDataset } from '../../datasets';
import { synthLakeline } from './synth-lakeline';

describe('the smoke_checks dataset', () => {
  it('is a dataset of its own next to the user datasets', () => {
    // Assert
    expect(datasets.map((dataset) => dataset.name)).toEqual(['passengers', 'smoke_checks']);
  });

  it('holds a filterable check id, a bigint sequence and the publish time as partition column', () => {
    // Act
    const definition = findDataset('smoke_checks');

    // Assert
    expect(definition?.description).toMatch(/lakeline smoke/);
    expect(definition?.partitionColumn).toBe('published_at');
    expect(definition?.columns.map(({ name, type, required, filterable }) => ({ name, type, required, filterable }))).toEqual([
      { name: 'check_id', type: 'string', required: true, filterable: true },
      { name: 'sequence', type: 'bigint', required: true, filterable: false },
      { name: 'published_at', type: 'timestamp', required: true, filterable: false },
    ]);
  });

  it('gets its own topic, queue, ingest function, table and topic output in the stack', () => {
    // Act
    const template = synthLakeline({ stage: 'prod' });

    // Assert
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'lakeline-prod-smoke_checks' });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'lakeline-prod-smoke_checks' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'lakeline-prod-smoke_checks-ingest' });
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'smoke_checks',
        StorageDescriptor: Match.objectLike({ Location: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/raw/smoke_checks/'])] }) }),
      }),
    });
    template.hasOutput('SmokeChecksTopicArn', { Value: { Ref: Match.stringLikeRegexp('^DatasetsmokechecksTopic') } });
  });
});
