import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../datasets';
import { synthLakeline } from './synth-lakeline';

function alarmsOf(template: Template): string[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => JSON.stringify(alarm));
}

describe('monitoring of the Lakeline stack', () => {
  it('watches the stage the API is deployed to and the stack workgroup', () => {
    // Act
    const alarms = alarmsOf(synthLakeline());

    // Assert
    const fiveXx = alarms.filter((alarm) => alarm.includes('"MetricName":"5XXError"'));
    expect(fiveXx).toHaveLength(1);
    expect(fiveXx[0]).toContain('{"Name":"Stage","Value":"dev"}');
    expect(alarms.find((alarm) => alarm.includes('AWS/Athena'))).toContain('{"Name":"WorkGroup","Value":"lakeline-dev"}');
  });

  it('sends every alarm to one TLS-only alarm topic', () => {
    // Act
    const template = synthLakeline();

    // Assert
    const topicRef = { Ref: Match.stringLikeRegexp('^AlarmNotificationsTopic') };
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toMatch(/AlarmNotificationsTopic/);
      expect(JSON.stringify(alarm.Properties.OKActions)).toMatch(/AlarmNotificationsTopic/);
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', datasets.length);
  });

  it('subscribes the configured e-mail address to the alarm topic', () => {
    // Act
    const template = synthLakeline({ alarmEmail: 'oncall@example.com' });

    // Assert
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmNotificationsTopic') },
    });
  });
});
