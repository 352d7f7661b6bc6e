import { App, Stack } from 'aws-cdk-lib';
import { MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { LakelineMonitoring, type LakelineMonitoringProps } from '../../lib/constructs/lakeline-monitoring';

/** A minimal stack with one dataset's ingest path, an API and a query function, monitored by LakelineMonitoring. */
export function buildMonitoredStack(
  overrides: Partial<LakelineMonitoringProps> | ((stack: Stack) => Partial<LakelineMonitoringProps>) = {},
): { stack: Stack; monitoring: LakelineMonitoring } {
  const app = new App();
  const stack = new Stack(app, 'MonitoringTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const inlineFunction = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    });
  const deadLetterQueue = new Queue(stack, 'PassengersDlq');
  const queue = new Queue(stack, 'PassengersQueue', { deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 } });
  const api = new RestApi(stack, 'Api', { restApiName: 'lakeline-test', deployOptions: { stageName: 'v1' } });
  api.root.addMethod('GET', new MockIntegration());
  const monitoring = new LakelineMonitoring(stack, 'Monitoring', {
    datasets: [
      { name: 'passengers', topic: new Topic(stack, 'PassengersTopic'), queue, deadLetterQueue, ingestFunction: inlineFunction('Ingest') },
    ],
    api,
    alarmTopic: new Topic(stack, 'AlarmTopic'),
    queryFunction: inlineFunction('Query'),
    workgroupName: 'lakeline-test',
    namePrefix: 'lakeline-test',
    ...(typeof overrides === 'function' ? overrides(stack) : overrides),
  });
  return { stack, monitoring };
}
