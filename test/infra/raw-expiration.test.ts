import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MIN_RAW_EXPIRATION_DAYS, readStageSettings } from '../../lib/stage-config';
import { synthLakeline } from './synth-lakeline';

function lakeLifecycleRules(stageSettings: Record<string, unknown>): unknown[] {
  const template = synthLakeline({ stageSettings });
  const buckets = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: Match.anyValue() } }));
  return buckets.flatMap((bucket) => bucket.Properties.LifecycleConfiguration?.Rules ?? []);
}

describe('raw zone expiry from the stage settings', () => {
  it('keeps raw objects for good when the stage sets no rawExpirationDays', () => {
    // Act
    const rules = lakeLifecycleRules({ dev: { alarmEmails: [] }, prod: { alarmEmails: [] } });

    // Assert
    expect(rules.map((rule) => (rule as { Id: string }).Id).sort()).toEqual([
      'abort-incomplete-uploads',
      'expire-noncurrent-versions',
      'infrequent-access',
    ]);
  });

  it('expires raw objects after the stage rawExpirationDays, and nothing else of the lake', () => {
    // Prepare
    const without = lakeLifecycleRules({ dev: { alarmEmails: [] }, prod: { alarmEmails: [] } });

    // Act
    const rules = lakeLifecycleRules({ dev: { alarmEmails: [], rawExpirationDays: 400 }, prod: { alarmEmails: [] } });

    // Assert
    expect(rules).toEqual([...without, { Id: 'expire-raw', Prefix: 'raw/', ExpirationInDays: 400, Status: 'Enabled' }]);
  });

  it.each([
    [7, 'fewer days than a repair of a failing compaction may need'],
    ['400', 'text'],
    [45.5, 'a fraction'],
  ] as const)('refuses rawExpirationDays %j (%s), naming the setting and the minimum', (value, _why) => {
    // Act
    const read = () => readStageSettings({ dev: { alarmEmails: [], rawExpirationDays: value } }, 'dev');

    // Assert
    expect(read).toThrow(`"rawExpirationDays" in cdk.json must be a whole number of days from ${MIN_RAW_EXPIRATION_DAYS}`);
  });
});
