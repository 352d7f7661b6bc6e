import { App, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { addNagPacks } from '../../lib/nag-packs';
import { buildLakelineApp, tempOutdir } from './synth-lakeline';
import { acknowledgementsIn, synthFindings } from './validation-findings';

describe('cdk-nag AwsSolutions and Serverless packs', () => {
  it('reports no unacknowledged finding for dev, including CDK CloudFormation schema checks', () => {
    // Prepare
    const { app } = buildLakelineApp({ stage: 'dev', nag: true, cfnValidation: true });

    // Act
    const findings = synthFindings(app);

    // Assert
    expect(findings).toEqual([]);
  });

  it('reports no unacknowledged finding for prod with alarm e-mails', () => {
    // Prepare
    const { app } = buildLakelineApp({ stage: 'prod', nag: true, alarmEmail: 'ops@example.com' });

    // Act
    const findings = synthFindings(app);

    // Assert
    expect(findings).toEqual([]);
  });

  it('fails synthesis on a resource that breaks a rule, naming the finding, so the checks above can fail', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false, outdir: tempOutdir() });
    new Queue(new Stack(app, 'Probe'), 'PlainQueue');
    addNagPacks(app);

    // Act
    const synth = () => app.synth();

    // Assert
    expect(synth).toThrow(/Probe\/PlainQueue\/Resource[^\n]*\n[^\n]*AwsSolutions-SQS4/);
  });
});

describe('acknowledgements', () => {
  const { app } = buildLakelineApp({ stage: 'prod', nag: true, alarmEmail: 'ops@example.com' });
  const acknowledgements = acknowledgementsIn(app);

  it('name the resource they are about and give a specific reason', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, reason } of acknowledgements) {
      expect(reason.startsWith(`${path}: `)).toBe(true);
      expect(reason.length - path.length).toBeGreaterThan(80);
    }
  });

  it('never waive a whole rule where the rule reports individual findings', () => {
    // Act
    const blanket = acknowledgements.filter(({ id }) => /IAM5$|IAM4$/.test(id));

    // Assert
    expect(blanket).toEqual([]);
  });

  it('waive wildcard resources only for X-Ray and for the prefixes the functions own', () => {
    // Act
    const wildcardIds = [...new Set(acknowledgements.map(({ id }) => id).filter((id) => id.includes('IAM5')))].sort();

    // Assert
    expect(wildcardIds).toEqual([
      'Annotation::AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<CompactionFunction\w+\.Arn>:\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<QueryAthenaResultsBucket\w+\.Arn>\/compaction\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<QueryAthenaResultsBucket\w+\.Arn>\/results\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/compaction-requests\/\*\]$/),
      expect.stringMatching(
        /^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/compaction-requests\/passengers\/\*\]$/,
      ),
      expect.stringMatching(
        /^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/compaction-requests\/smoke_checks\/\*\]$/,
      ),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/curated\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/raw\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/raw\/passengers\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/raw\/smoke_checks\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/rejected\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/rejected\/passengers\/\*\]$/),
      expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::<StorageLakeBucket\w+\.Arn>\/rejected\/smoke_checks\/\*\]$/),
    ]);
  });
});
