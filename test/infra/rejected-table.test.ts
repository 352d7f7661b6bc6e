import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthLakeline } from './synth-lakeline';

const template = synthLakeline();

function rejectedTable(): Record<string, unknown> {
  const tables = Object.values(
    template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'lakeline_rejected_passengers' } } }),
  );
  expect(tables).toHaveLength(1);
  const properties = tables[0]?.Properties as { TableInput: Record<string, unknown> } | undefined;
  return properties?.TableInput ?? {};
}

describe('rejected table', () => {
  it('reads the gzip JSON lines under rejected/<dataset>/ with the Hive JSON SerDe and the columns of a rejected line', () => {
    // Act
    const table = rejectedTable();

    // Assert
    expect(table).toMatchObject({
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      StorageDescriptor: {
        Location: { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/LakeBucket/) }, '/rejected/passengers/']] },
        Compressed: true,
        SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        Columns: [
          expect.objectContaining({ Name: 'messageid', Type: 'string' }),
          expect.objectContaining({ Name: 'recordindex', Type: 'int' }),
          expect.objectContaining({ Name: 'reasons', Type: 'array<struct<path:string,message:string>>' }),
          expect.objectContaining({ Name: 'original', Type: 'string' }),
          expect.objectContaining({ Name: 'receivedat', Type: 'string' }),
        ],
      },
    });
  });

  it('projects the receive-date partitions instead of registering them', () => {
    // Act
    const parameters = rejectedTable().Parameters as Record<string, unknown>;

    // Assert
    expect(parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      compressionType: 'gzip',
      classification: 'json',
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's storage.location.template placeholder, not a JavaScript template.
    expect(JSON.stringify(parameters['storage.location.template'])).toContain('/rejected/passengers/dt=${dt}/');
  });

  it('lets the query function read rejected/ and the rejected tables, and nothing more of the lake', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'ReadRejectedObjects', Action: 's3:GetObject', Effect: 'Allow' }),
          Match.objectLike({
            Sid: 'ListRejectedPrefix',
            Action: 's3:ListBucket',
            Condition: { StringLike: { 's3:prefix': ['rejected/*', 'rejected/'] } },
          }),
        ]),
      },
    });
  });
});
