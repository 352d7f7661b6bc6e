import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagPacks } from '../../lib/nag-packs';
import { deriveAlarmThresholds, LAKELINE_SLO } from '../../lib/slo';
import { buildMonitoredStack } from './monitoring-fixture';

type Resource = { Type: string; Properties: Record<string, unknown> };
type AlarmProperties = {
  AlarmName: string;
  Threshold: number;
  ComparisonOperator: string;
  AlarmActions: unknown[];
  OKActions: unknown[];
  Metrics: { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string }; Stat: string } }[];
};

const thresholds = deriveAlarmThresholds(LAKELINE_SLO);
const alarmTopicRef = { Ref: Match.stringLikeRegexp('^AlarmTopic') };

function resourcesOfType(template: Template, type: string): Resource[] {
  return Object.values(template.toJSON().Resources as Record<string, Resource>).filter((resource) => resource.Type === type);
}

function alarmsOn(template: Template, namespace: string, metricName: string): AlarmProperties[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm')
    .map((resource) => resource.Properties as unknown as AlarmProperties)
    .filter((alarm) =>
      alarm.Metrics.some(
        (metric) => metric.MetricStat?.Metric.Namespace === namespace && metric.MetricStat.Metric.MetricName === metricName,
      ),
    );
}

function onlyAlarmOn(template: Template, namespace: string, metricName: string): AlarmProperties {
  const alarms = alarmsOn(template, namespace, metricName);
  expect(alarms.map((alarm) => alarm.AlarmName)).toHaveLength(1);
  const [alarm] = alarms;
  if (alarm === undefined) throw new Error(`no alarm on ${namespace}/${metricName}`);
  return alarm;
}

/** Dashboard body with CloudFormation tokens replaced by a placeholder, parsed. */
function dashboardMetricNames(template: Template): string[] {
  const [dashboard] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
  if (dashboard === undefined) throw new Error('no dashboard');
  const join = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = join[1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  const body = JSON.parse(text) as { widgets: { type: string; properties: { metrics?: unknown[][] } }[] };
  return body.widgets
    .flatMap((widget) => widget.properties.metrics ?? [])
    .filter((metric) => typeof metric[0] === 'string')
    .map((metric) => `${metric[0]}/${metric[1]}`);
}

function expectNotifiesAlarmTopic(alarm: AlarmProperties): void {
  const result = Match.objectLike({ AlarmActions: [alarmTopicRef], OKActions: [alarmTopicRef] }).test(alarm);
  expect(result.toHumanStrings(), alarm.AlarmName).toEqual([]);
}

describe('LakelineMonitoring', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildMonitoredStack().stack);
  });

  it('creates one dashboard that graphs the ingest, API and Athena metrics', () => {
    // Prepare
    const expected = [
      'AWS/SNS/NumberOfMessagesPublished',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/Lambda/Duration',
      'Lakeline/RecordsAccepted',
      'Lakeline/RecordsRejected',
      'AWS/ApiGateway/Count',
      'AWS/ApiGateway/4XXError',
      'AWS/ApiGateway/5XXError',
      'AWS/ApiGateway/Latency',
      'AWS/Athena/TotalExecutionTime',
      'AWS/Athena/ProcessedBytes',
      'AWS/Athena/EngineExecutionTime',
      'Lakeline/Queries',
    ];

    // Act
    const graphed = dashboardMetricNames(template);

    // Assert
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: Match.stringLikeRegexp('^lakeline-test') });
    for (const metric of expected) {
      expect(graphed, metric).toContain(metric);
    }
  });

  it('graphs the API latency at p50, p90 and p99', () => {
    // Act
    const stats = resourcesOfType(template, 'AWS::CloudWatch::Dashboard').map((dashboard) => JSON.stringify(dashboard.Properties));

    // Assert
    for (const stat of ['p50', 'p90', 'p99']) {
      expect(stats.join(), stat).toContain(`\\"stat\\":\\"${stat}\\"`);
    }
  });

  it('alarms when the dead-letter queue holds any message', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible');

    // Assert
    expect(alarm).toMatchObject({ Threshold: thresholds.deadLetterQueueMaxMessages, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm.Threshold).toBe(0);
    expect(alarm.AlarmName).toContain('DLQ');
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms when the oldest queued message is older than the freshness objective', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/SQS', 'ApproximateAgeOfOldestMessage');

    // Assert
    expect(alarm).toMatchObject({ Threshold: LAKELINE_SLO.freshness.objectiveSeconds, ComparisonOperator: 'GreaterThanThreshold' });
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms when SNS fails to deliver to the queue', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/SNS', 'NumberOfNotificationsFailed');

    // Assert
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms on the ingest error rate (average of Errors) above its threshold', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/Lambda', 'Errors');

    // Assert
    expect(alarm).toMatchObject({ Threshold: thresholds.ingestMaxErrorRate, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm.Metrics[0]?.MetricStat?.Stat).toBe('Average');
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms on the share of rejected records computed from the ingest EMF metrics', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'Lakeline', 'RecordsRejected');

    // Assert
    expect(alarm).toMatchObject({ Threshold: LAKELINE_SLO.alerting.maxRejectedRecordRate, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm.Metrics.find((metric) => metric.Expression !== undefined)?.Expression).toContain('rejected,0) / (FILL(accepted,0)');
    expect(alarm.Metrics.filter((metric) => metric.MetricStat).map((metric) => metric.MetricStat?.Metric)).toEqual([
      expect.objectContaining({
        Dimensions: [
          { Name: 'dataset', Value: 'passengers' },
          { Name: 'service', Value: 'ingest' },
        ],
      }),
      expect.objectContaining({
        Dimensions: [
          { Name: 'dataset', Value: 'passengers' },
          { Name: 'service', Value: 'ingest' },
        ],
      }),
    ]);
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms on an API 5xx rate that burns the availability budget 14.4 times too fast', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/ApiGateway', '5XXError');

    // Assert
    expect(alarm.Threshold).toBeCloseTo((1 - LAKELINE_SLO.apiAvailability.objective) * 14.4, 6);
    expect(alarm.Metrics[0]?.MetricStat?.Stat).toBe('Average');
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms when the API p99 latency exceeds the latency objective', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/ApiGateway', 'Latency');

    // Assert
    expect(alarm).toMatchObject({ Threshold: LAKELINE_SLO.apiLatency.objectiveSeconds * 1000, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm.Metrics[0]?.MetricStat?.Stat).toBe('p99');
    expectNotifiesAlarmTopic(alarm);
  });

  it('alarms on failed Athena queries of the workgroup', () => {
    // Act
    const alarm = onlyAlarmOn(template, 'AWS/Athena', 'TotalExecutionTime');

    // Assert
    expect(alarm).toMatchObject({ Threshold: thresholds.athenaMaxFailedQueries, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm.Metrics[0]?.MetricStat).toMatchObject({
      Stat: 'SampleCount',
      Metric: {
        Dimensions: expect.arrayContaining([
          { Name: 'QueryState', Value: 'FAILED' },
          { Name: 'WorkGroup', Value: 'lakeline-test' },
        ]),
      },
    });
    expectNotifiesAlarmTopic(alarm);
  });

  it('creates exactly the eight alarms of the SLO, every one notifying the alarm topic', () => {
    // Act
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map((resource) => resource.Properties as unknown as AlarmProperties);

    // Assert
    expect(alarms).toHaveLength(8);
    for (const alarm of alarms) {
      expectNotifiesAlarmTopic(alarm);
    }
  });
});

describe('LakelineMonitoring and cdk-nag', () => {
  it('adds no AwsSolutions or Serverless finding of its own', () => {
    // Prepare
    const { stack } = buildMonitoredStack();
    const app = stack.node.root as App;
    addNagPacks(app);

    // Act
    let report = '';
    try {
      app.synth();
    } catch (error) {
      // The fixture's own topic, queues, functions and API are not nag-clean; only the construct's findings matter here.
      const reportPath = /(\S+validation-report\.json)/.exec(String(error))?.[1];
      report = reportPath === undefined ? String(error) : readFileSync(reportPath, 'utf8');
    }

    // Assert
    expect(report === '' || report.includes('constructPath')).toBe(true);
    expect(report.match(/MonitoringTest\/Monitoring\/[^"]*/g) ?? []).toEqual([]);
  });
});

describe('LakelineMonitoring options', () => {
  it('moves the freshness and latency alarms with the objectives passed in', () => {
    // Prepare
    const slo = {
      ...LAKELINE_SLO,
      freshness: { objective: 0.99, objectiveSeconds: 120 },
      apiLatency: { percentile: 99, objectiveSeconds: 4 },
    } as const;

    // Act
    const template = Template.fromStack(buildMonitoredStack({ slo }).stack);

    // Assert
    expect(onlyAlarmOn(template, 'AWS/SQS', 'ApproximateAgeOfOldestMessage').Threshold).toBe(120);
    expect(onlyAlarmOn(template, 'AWS/ApiGateway', 'Latency').Threshold).toBe(4000);
  });
});
