import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import { stageConfig } from '../../lib/stage-config';
import { buildLakelineApp } from './synth-lakeline';

describe('stage selection', () => {
  it('defaults to dev', () => {
    expect(stageConfig(undefined).stage).toBe('dev');
  });

  it('rejects a stage other than dev or prod and names the accepted values', () => {
    expect(() => stageConfig('staging')).toThrow('Unknown stage "staging": pass -c stage=dev or -c stage=prod');
  });

  it('prefixes physical names with the stage', () => {
    expect(stageConfig('prod')).toMatchObject({ namePrefix: 'lakeline-prod', glueDatabaseName: 'lakeline_prod' });
  });
});

describe('prod stage', () => {
  const { stack } = buildLakelineApp({ stage: 'prod' });
  const template = Template.fromStack(stack);

  it('protects the stack from termination', () => {
    expect(stack.terminationProtection).toBe(true);
  });

  it('retains every data-bearing resource on stack deletion', () => {
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::SQS::Queue',
      'AWS::Glue::Database',
      'AWS::Glue::Table',
      'AWS::Logs::LogGroup',
      'AWS::Athena::WorkGroup',
    ]) {
      for (const resource of Object.values(template.findResources(type))) {
        expect({ type, policy: resource.DeletionPolicy }).toEqual({ type, policy: 'Retain' });
      }
    }
  });

  it('turns on deletion protection for every log group and keeps the logs a year', () => {
    // Act
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((resource) => resource.Properties);

    // Assert
    expect(logGroups).toHaveLength(datasets.length + 3); // ingest per dataset, query, API access, compaction
    for (const logGroup of logGroups) expect(logGroup).toMatchObject({ DeletionProtectionEnabled: true, RetentionInDays: 365 });
  });

  it('names the prod resources with the prod prefix', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'lakeline-prod-passengers' });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'lakeline_prod' } });
    template.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'lakeline-prod', RecursiveDeleteOption: false });
  });
});

describe('dev stage', () => {
  const { stack } = buildLakelineApp({ stage: 'dev' });

  it('leaves the dev stack deletable', () => {
    expect(stack.terminationProtection).toBe(false);
  });
});
