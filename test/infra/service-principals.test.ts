/**
 * Service principals reach their resources: for every wire in the template where an AWS service acts on a resource
 * (an alarm notifying a topic, a topic delivering to a queue, API Gateway invoking a function, an event source mapping
 * polling a queue), the resource's policy is evaluated with iam-simulate for that service principal and the context
 * keys the service sends (aws:SourceArn, aws:SourceAccount, aws:SecureTransport), and must allow it; the same request
 * from another account, another source or over plain HTTP must not be allowed. List the cases with:
 *   npx vitest run test/infra/service-principals.test.ts --reporter=verbose
 */
import { describe, expect, it } from 'vitest';
import { deployedSample, OTHER_ACCOUNT } from './deployed-sample';
import { type Decision, decide, type IamRequest, type PolicyDocument } from './iam-simulation';
import { TemplateResolver } from './template-resolver';

const sample = deployedSample();
const policies = sample.lakeline;
const { resolver } = policies;
const { account, region } = resolver.environment;

interface Case {
  readonly label: string;
  readonly request: IamRequest;
  readonly identity: readonly PolicyDocument[];
  readonly resourcePolicy: PolicyDocument | undefined;
}

const caseOf = (label: string, request: IamRequest, resourceId: string, identity: readonly PolicyDocument[] = []): Case => ({
  label,
  request,
  identity,
  resourcePolicy: policies.resourcePolicy(resourceId),
});

const decisionOf = (testCase: Case): Promise<Decision> =>
  decide(testCase.request, { identity: testCase.identity, resource: testCase.resourcePolicy }, account);

const idOf = (value: unknown, what: string): string => {
  const id = TemplateResolver.referencedId(value);
  if (!id) throw new Error(`${what} is not a resource of the template: ${JSON.stringify(value)}`);
  return id;
};

/** The customer managed key of the template that encrypts `topicId`, if any; an AWS managed key is an error. */
function topicKey(topicId: string): string | undefined {
  const keyId = resolver.resource(topicId).Properties.KmsMasterKeyId;
  if (keyId === undefined) return undefined;
  const id = TemplateResolver.referencedId(keyId);
  if (!id || resolver.resource(id).Type !== 'AWS::KMS::Key') {
    throw new Error(
      `${topicId} is encrypted with ${JSON.stringify(resolver.resolve(keyId))}, not with a customer managed key of the template`,
    );
  }
  return id;
}

/**
 * CloudWatch publishes alarm notifications as cloudwatch.amazonaws.com with the alarm as aws:SourceArn, and needs the
 * topic key for kms:GenerateDataKey* and kms:Decrypt when the topic is encrypted.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#sns-allow-cloudwatch-alarm-to-publish-to-topic-in-another-account
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
const alarmWires = resolver.logicalIdsOf('AWS::CloudWatch::Alarm').flatMap((alarmId) => {
  const properties = resolver.resource(alarmId).Properties;
  const topics = ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((list) =>
    ((properties[list] as unknown[] | undefined) ?? []).map((action) => idOf(action, `${alarmId} ${list}`)),
  );
  return [...new Set(topics)].map((topicId) => ({ alarmId, alarmArn: resolver.getAtt(alarmId, 'Arn'), topicId }));
});

const cloudWatch = (alarmArn: string, sourceAccount: string, secureTransport = 'true') => ({
  principal: 'cloudwatch.amazonaws.com',
  context: { 'aws:SourceArn': alarmArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': secureTransport },
});

const ALARM_CASES = alarmWires.flatMap(({ alarmArn, topicId }) => {
  const topicArn = resolver.ref(topicId);
  const keyId = topicKey(topicId);
  return [
    caseOf(
      `CloudWatch may publish ${alarmArn} to ${topicArn}`,
      { ...cloudWatch(alarmArn, account), action: 'sns:Publish', resource: topicArn },
      topicId,
    ),
    ...(keyId === undefined
      ? []
      : ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => {
          const keyArn = resolver.getAtt(keyId, 'Arn');
          return caseOf(
            `CloudWatch may ${action} with ${keyArn} for ${alarmArn}`,
            { ...cloudWatch(alarmArn, account), action, resource: keyArn },
            keyId,
          );
        })),
  ];
});

const alarmTopics = [...new Set(alarmWires.map(({ topicId }) => topicId))];
const ALARM_REFUSALS = alarmTopics.flatMap((topicId) => {
  const topicArn = resolver.ref(topicId);
  const keyId = topicKey(topicId);
  const foreignAlarm = `arn:aws:cloudwatch:${region}:${OTHER_ACCOUNT}:alarm:lakeline-dev-Api-Fault-Rate-Availability`;
  const ownAlarm = alarmWires.find((wire) => wire.topicId === topicId)?.alarmArn ?? '';
  const otherStagesAlarm = `arn:aws:cloudwatch:${region}:${account}:alarm:lakeline-prod-Api-Fault-Rate-Availability`;
  return [
    caseOf(
      `CloudWatch may not publish another stage's alarm ${otherStagesAlarm} to ${topicArn}`,
      { ...cloudWatch(otherStagesAlarm, account), action: 'sns:Publish', resource: topicArn },
      topicId,
    ),
    caseOf(
      `CloudWatch may not publish an alarm of account ${OTHER_ACCOUNT} to ${topicArn}`,
      { ...cloudWatch(foreignAlarm, OTHER_ACCOUNT), action: 'sns:Publish', resource: topicArn },
      topicId,
    ),
    caseOf(
      `CloudWatch may not publish ${ownAlarm} to ${topicArn} over plain HTTP`,
      { ...cloudWatch(ownAlarm, account, 'false'), action: 'sns:Publish', resource: topicArn },
      topicId,
    ),
    caseOf(
      `EventBridge may not publish to ${topicArn}`,
      {
        principal: 'events.amazonaws.com',
        action: 'sns:Publish',
        resource: topicArn,
        context: { 'aws:SourceArn': `arn:aws:events:${region}:${account}:rule/any-rule`, 'aws:SourceAccount': account },
      },
      topicId,
    ),
    ...(keyId === undefined
      ? []
      : [
          caseOf(
            `CloudWatch may not use the key of ${topicArn} for an alarm of account ${OTHER_ACCOUNT}`,
            { ...cloudWatch(foreignAlarm, OTHER_ACCOUNT), action: 'kms:GenerateDataKey', resource: resolver.getAtt(keyId, 'Arn') },
            keyId,
          ),
        ]),
  ];
});

/**
 * SNS delivers to an SQS subscription, and to the subscription's dead-letter queue, as sns.amazonaws.com with the topic
 * as aws:SourceArn. https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#sns-publish-messages-to-sqs-queue
 * https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
 */
const deliveryWires = resolver.logicalIdsOf('AWS::SNS::Subscription').flatMap((subscriptionId) => {
  const properties = resolver.resource(subscriptionId).Properties;
  if (properties.Protocol !== 'sqs') return [];
  const topicArn = resolver.resolveString(properties.TopicArn);
  const deadLetter = (properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn;
  return [properties.Endpoint, ...(deadLetter === undefined ? [] : [deadLetter])].map((queue) => ({
    topicArn,
    queueId: idOf(queue, `${subscriptionId} queue`),
  }));
});

const sns = (topicArn: string, secureTransport = 'true') => ({
  principal: 'sns.amazonaws.com',
  action: 'sqs:SendMessage',
  context: { 'aws:SourceArn': topicArn, 'aws:SourceAccount': account, 'aws:SecureTransport': secureTransport },
});

const DELIVERY_CASES = deliveryWires.map(({ topicArn, queueId }) => {
  const queueArn = resolver.getAtt(queueId, 'Arn');
  return caseOf(`SNS may deliver ${topicArn} to ${queueArn}`, { ...sns(topicArn), resource: queueArn }, queueId);
});

const DELIVERY_REFUSALS = deliveryWires.flatMap(({ topicArn, queueId }) => {
  const queueArn = resolver.getAtt(queueId, 'Arn');
  const otherTopic = `arn:aws:sns:${region}:${account}:not-lakeline`;
  return [
    caseOf(`SNS may not deliver ${otherTopic} to ${queueArn}`, { ...sns(otherTopic), resource: queueArn }, queueId),
    caseOf(`SNS may not deliver ${topicArn} to ${queueArn} over plain HTTP`, { ...sns(topicArn, 'false'), resource: queueArn }, queueId),
  ];
});

/** The path of an API Gateway resource, from its parents up to the API root. */
function resourcePath(resourceId: string): string {
  const resource = resolver.resources[resourceId];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${resourcePath(idOf(resource.Properties.ParentId, resourceId))}/${String(resource.Properties.PathPart)}`;
}

/**
 * API Gateway invokes a Lambda proxy integration as apigateway.amazonaws.com with the method's execute-api ARN,
 * `arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>`, as aws:SourceArn.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
 */
const invokeWires = resolver.logicalIdsOf('AWS::ApiGateway::Method').flatMap((methodId) => {
  const properties = resolver.resource(methodId).Properties;
  const integration = properties.Integration as { Type?: string; Uri?: unknown } | undefined;
  if (!integration?.Uri || !['AWS', 'AWS_PROXY'].includes(String(integration.Type))) return [];
  const functionArn = /:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(resolver.resolveString(integration.Uri))?.[1];
  const functionId = resolver.logicalIdsOf('AWS::Lambda::Function').find((candidate) => resolver.getAtt(candidate, 'Arn') === functionArn);
  if (!functionId) throw new Error(`${methodId} integrates ${functionArn}, which is not a function of the template`);
  const apiId = idOf(properties.RestApiId, `${methodId} RestApiId`);
  const stages = resolver
    .logicalIdsOf('AWS::ApiGateway::Stage')
    .filter((stageId) => TemplateResolver.referencedId(resolver.resource(stageId).Properties.RestApiId) === apiId)
    .map((stageId) => resolver.physicalName(stageId));
  // A request for /v1/datasets/passengers/records matches the method of /v1/datasets/{name}/records.
  const path = resourcePath(idOf(properties.ResourceId, `${methodId} ResourceId`)).replace(/\{([^}]+)\}/g, (_, parameter: string) =>
    parameter === 'name' ? (sample.datasets[0]?.name ?? 'passengers') : `sample-${parameter}`,
  );
  return stages.map((stage) => ({
    functionId,
    functionArn: resolver.getAtt(functionId, 'Arn'),
    apiId: resolver.ref(apiId),
    stage,
    method: String(properties.HttpMethod),
    path: path.replace(/^\//, ''),
  }));
});

const executeApi = (apiId: string, stage: string, method: string, path: string) =>
  `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/${method}/${path}`;

const apiGateway = (sourceArn: string, functionArn: string) => ({
  principal: 'apigateway.amazonaws.com',
  action: 'lambda:InvokeFunction',
  resource: functionArn,
  context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account },
});

const INVOKE_CASES = invokeWires.map(({ functionId, functionArn, apiId, stage, method, path }) => {
  const sourceArn = executeApi(apiId, stage, method, path);
  return caseOf(`API Gateway may invoke ${functionArn} for ${sourceArn}`, apiGateway(sourceArn, functionArn), functionId);
});

const INVOKE_REFUSALS = invokeWires.flatMap(({ functionId, functionArn, apiId, stage, method, path }) =>
  [
    executeApi('otherapi01', stage, method, path),
    executeApi(apiId, `${stage}-other`, method, path),
    executeApi(apiId, stage, 'DELETE', path),
  ].map((sourceArn) =>
    caseOf(`API Gateway may not invoke ${functionArn} for ${sourceArn}`, apiGateway(sourceArn, functionArn), functionId),
  ),
);

/**
 * An SQS event source mapping polls with the function's execution role.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions
 */
const POLL_CASES = resolver.logicalIdsOf('AWS::Lambda::EventSourceMapping').flatMap((mappingId) => {
  const properties = resolver.resource(mappingId).Properties;
  const functionId = idOf(properties.FunctionName, `${mappingId} FunctionName`);
  const queueId = idOf(properties.EventSourceArn, `${mappingId} EventSourceArn`);
  const roleId = policies.functionRole(functionId);
  const queueArn = resolver.getAtt(queueId, 'Arn');
  return ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((action) =>
    caseOf(
      `the event source mapping of ${resolver.physicalName(functionId)} may ${action} on ${queueArn}`,
      { principal: policies.roleArn(roleId), action, resource: queueArn },
      queueId,
      policies.identityPolicies(roleId),
    ),
  );
});

describe('the wires between AWS services in the template', () => {
  it('include alarms, SQS subscriptions with dead-letter queues, API methods and event source mappings', () => {
    expect({
      alarms: alarmWires.length > 0,
      deliveries: deliveryWires.length >= 2 * sample.datasets.length,
      invocations: invokeWires.length > 0,
      polls: POLL_CASES.length >= 3 * sample.datasets.length,
    }).toEqual({ alarms: true, deliveries: true, invocations: true, polls: true });
  });

  it('encrypt every alarm topic with a customer managed key that rotates, as CloudWatch cannot use the AWS managed aws/sns key', () => {
    // Act
    const keys = alarmTopics.map((topicId) => {
      const keyId = topicKey(topicId);
      return keyId === undefined ? undefined : resolver.resource(keyId).Properties.EnableKeyRotation;
    });

    // Assert
    expect(keys).toEqual(alarmTopics.map(() => true));
  });
});

// One test per case, named in full, so the verbose reporter lists every evaluated request.
describe('service principals reach their resources', () => {
  for (const testCase of [...ALARM_CASES, ...DELIVERY_CASES, ...INVOKE_CASES, ...POLL_CASES]) {
    it(testCase.label, async () => {
      expect(await decisionOf(testCase)).toBe('Allowed');
    });
  }
});

describe('requests from another account, another source or over plain HTTP are refused', () => {
  for (const testCase of [...ALARM_REFUSALS, ...DELIVERY_REFUSALS, ...INVOKE_REFUSALS]) {
    it(testCase.label, async () => {
      expect(await decisionOf(testCase)).not.toBe('Allowed');
    });
  }
});
