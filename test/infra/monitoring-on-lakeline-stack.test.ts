import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LakelineMonitoring } from '../../lib/constructs/lakeline-monitoring';
import { stageConfig } from '../../lib/stage-config';
import { buildLakelineApp } from './synth-lakeline';

/** The wiring the Lakeline stack is meant to use (see the operations report); kept here so a drift in either side shows. */
function monitorLakelineStack(options: { nag: boolean }) {
  const { app, stack } = buildLakelineApp({ nag: options.nag, alarmEmail: 'oncall@example.com' });
  const config = stageConfig('dev');
  const monitoring = new LakelineMonitoring(stack, 'Monitoring', {
    datasets: stack.pipelines.map((pipeline) => ({
      name: pipeline.dataset.name,
      topic: pipeline.topic,
      queue: pipeline.queue,
      deadLetterQueue: pipeline.deadLetterQueue,
      ingestFunction: pipeline.ingest.function,
    })),
    api: stack.queryApi.api,
    apiStageName: config.stage,
    queryFunction: stack.queryApi.query.function,
    workgroupName: stack.queryApi.workGroupName,
    namePrefix: config.namePrefix,
    alarmEmail: 'oncall@example.com',
  });
  return { app, stack, monitoring };
}

describe('LakelineMonitoring on the Lakeline stack', () => {
  it('synthesises with the cdk-nag packs of bin/app.ts and no unacknowledged finding', () => {
    // Prepare
    const { app } = monitorLakelineStack({ nag: true });

    // Act
    const synth = () => app.synth();

    // Assert
    expect(synth).not.toThrow();
  });

  it('watches the stage the API is deployed to and the stack workgroup', () => {
    // Act
    const { stack } = monitorLakelineStack({ nag: false });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((alarm) => JSON.stringify(alarm));

    // Assert
    const ours = alarms.filter((alarm) => alarm.includes('lakeline-dev-'));
    expect(ours.filter((alarm) => alarm.includes('"MetricName":"5XXError"'))).toHaveLength(1);
    expect(ours.find((alarm) => alarm.includes('"MetricName":"5XXError"'))).toContain('{"Name":"Stage","Value":"dev"}');
    expect(ours.find((alarm) => alarm.includes('AWS/Athena'))).toContain('{"Name":"WorkGroup","Value":"lakeline-dev"}');
  });
});
