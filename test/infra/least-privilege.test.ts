import { describe, expect, it } from 'vitest';
import { isDefaultKeyPolicyStatement, isKeyPolicyStatement } from './key-policies';
import { asList, type PolicyStatement, statementsOf, type TemplateResource } from './policy-statements';
import { synthLakeline } from './synth-lakeline';

const template = synthLakeline();
const resources = template.toJSON().Resources as Record<string, TemplateResource>;

const actionsOf = (statement: PolicyStatement): string[] => asList(statement.Action);

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

describe('no wildcard grants', () => {
  it('allows no wildcard action in any policy of the template', () => {
    // Act
    const wildcardAllows = statementsOf(resources).filter(
      ({ owner, statement }) =>
        statement.Effect === 'Allow' &&
        !isDefaultKeyPolicyStatement(resources, owner, statement) &&
        actionsOf(statement).some((action) => action.includes('*')),
    );

    // Assert
    expect(wildcardAllows).toEqual([]);
  });

  it('uses Resource "*" only for the X-Ray actions, which have no resource-level permissions', () => {
    // Act
    const starResources = statementsOf(resources).filter(
      ({ owner, statement }) => statement.Effect === 'Allow' && statement.Resource === '*' && !isKeyPolicyStatement(resources, owner),
    );

    // Assert
    expect(starResources.length).toBeGreaterThan(0);
    for (const { statement } of starResources) {
      expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });
});

describe('ingest role', () => {
  const statements = roleStatements(/^DatasetpassengersIngestRole/);

  it('may only put objects under raw/<dataset>/ and rejected/<dataset>/', () => {
    // Act
    const s3 = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));

    // Assert
    expect(s3).toHaveLength(1);
    expect(s3[0]?.Action).toBe('s3:PutObject');
    expect(JSON.stringify(s3[0]?.Resource)).toMatch(/"\/raw\/passengers\/\*".*"\/rejected\/passengers\/\*"/);
  });

  it('consumes only its own queue and writes only its own log group', () => {
    // Act
    const other = statements.filter((statement) => !actionsOf(statement).some((action) => /^(s3|xray):/.test(action)));

    // Assert
    expect(other.map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/IngestLogs/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/passengersQueue/), 'Arn'] },
    ]);
  });
});

describe('query role', () => {
  const statements = roleStatements(/QueryRole/);
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid);

  it('reads the lake only under raw/, curated/ and rejected/, lists compaction-requests/, and never writes it', () => {
    // Act
    const lakeStatements = statements.filter((statement) => JSON.stringify(statement.Resource).includes('LakeBucket'));

    // Assert
    expect(lakeStatements.flatMap(actionsOf).sort()).toEqual([
      's3:GetBucketLocation',
      's3:GetObject',
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucket',
      's3:ListBucket',
      's3:ListBucket',
    ]);
    expect(JSON.stringify(bySid('ReadRawObjects')?.Resource)).toContain('"/raw/*"');
    expect(bySid('ListRawPrefix')).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['raw/*', 'raw/'] } } });
    expect(JSON.stringify(bySid('ReadRejectedObjects')?.Resource)).toContain('"/rejected/*"');
    expect(bySid('ListRejectedPrefix')).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['rejected/*', 'rejected/'] } } });
    expect(JSON.stringify(bySid('ReadCuratedObjects')?.Resource)).toContain('"/curated/*"');
    expect(bySid('ListCuratedPrefix')).toMatchObject({ Condition: { StringLike: { 's3:prefix': ['curated/*', 'curated/'] } } });
    expect(bySid('ListCompactionRequestsPrefix')).toMatchObject({
      Condition: { StringLike: { 's3:prefix': ['compaction-requests/*', 'compaction-requests/'] } },
    });
  });

  it('starts, reads and stops queries only in its own workgroup', () => {
    expect(bySid('RunQueriesInWorkGroup')).toMatchObject({
      Action: ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
      Resource: { 'Fn::Join': ['', expect.arrayContaining([':workgroup/lakeline-dev'])] },
    });
  });

  it('reads the Glue catalog, the stage database and the dataset tables only', () => {
    // Act
    const glue = bySid('ReadLakeCatalog');

    // Assert
    expect(glue?.Action).toEqual(['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable']);
    expect(JSON.stringify(glue?.Resource)).toMatch(/:catalog".*:database\/lakeline_dev".*:table\/lakeline_dev\/passengers"/);
    expect(JSON.stringify(glue?.Resource)).toContain(':table/lakeline_dev/lakeline_rejected_passengers"');
  });

  it('uses only the results/ prefix of the Athena results bucket', () => {
    expect(JSON.stringify(bySid('UseQueryResults')?.Resource)).toMatch(/AthenaResultsBucket.*"\/results\/\*"/);
  });
});
