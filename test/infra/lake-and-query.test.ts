import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../lambdas/core/api-error-code';
import { API_ROUTES } from '../../lambdas/core/api-routes';
import { synthLakeline } from './synth-lakeline';

const template = synthLakeline();

function findOne(type: string, properties: Record<string, unknown>): Record<string, unknown> {
  const matches = Object.values(template.findResources(type, { Properties: properties }));
  expect(matches).toHaveLength(1);
  return (matches[0]?.Properties ?? {}) as Record<string, unknown>;
}

describe('lake bucket', () => {
  const lake = findOne('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });

  it('encrypts, versions and blocks all public access', () => {
    expect(lake).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('sends server access logs to the log bucket', () => {
    expect(lake.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/AccessLogsBucket/) },
      LogFilePrefix: 'lake/',
    });
  });

  it('moves objects to infrequent access and expires noncurrent versions', () => {
    // Act
    const rules = (lake.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;

    // Assert
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      ]),
    );
  });

  it('denies non-TLS access on every bucket', () => {
    // Act
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));

    // Assert
    expect(policies).toHaveLength(3);
    for (const policy of policies) expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });

  it('deletes the dev buckets with the stack', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Delete');
  });
});

describe('Glue and Athena', () => {
  it('creates the stage database lakeline_dev', () => {
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'lakeline_dev' } });
  });

  it('runs the workgroup on engine version 3 with enforced configuration, metrics and a bytes-scanned cutoff', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'lakeline-dev',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('AthenaResults') }, '/results/']] },
        },
      },
    });
  });

  it('expires Athena results in their own encrypted bucket', () => {
    const results = findOne('AWS::S3::Bucket', { LoggingConfiguration: { LogFilePrefix: 'athena-results/' } });
    expect(JSON.stringify(results.LifecycleConfiguration)).toContain('"ExpirationInDays":7');
    expect(results.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });
});

describe('query function', () => {
  it('gets the workgroup, database and query limits in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'lakeline-dev-query',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 29,
      MemorySize: 1024,
      Environment: {
        Variables: Match.objectLike({
          ATHENA_WORKGROUP: 'lakeline-dev',
          GLUE_DATABASE: 'lakeline_dev',
          QUERY_WAIT_BUDGET_MS: '20000',
          QUERY_MAX_RANGE_DAYS: '31',
          RESULT_REUSE_MAX_AGE_MINUTES: '0',
          QUERY_MAX_RESULT_ROWS: '100000',
          QUERY_RESULT_RETENTION_DAYS: '7',
          POWERTOOLS_SERVICE_NAME: 'query',
          POWERTOOLS_METRICS_NAMESPACE: 'Lakeline',
        }),
      },
    });
  });
});

describe('REST API', () => {
  const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => method.Properties);

  it('serves the seven GET routes under /v1', () => {
    // Act
    const paths = Object.values(template.findResources('AWS::ApiGateway::Resource')).map((resource) => resource.Properties.PathPart);

    // Assert
    expect(paths.sort()).toEqual(
      ['aggregate', 'daily', 'datasets', 'openapi.json', 'queries', 'records', 'rejected', 'v1', '{name}', '{queryId}'].sort(),
    );
    expect(methods.map((method) => method.HttpMethod)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET']);
  });

  it('declares the grouping, measure and granularity parameters beside the range, paging and filters on the aggregate route', () => {
    expect(methods).toContainEqual(
      expect.objectContaining({
        RequestParameters: {
          'method.request.path.name': true,
          'method.request.querystring.from': false,
          'method.request.querystring.to': false,
          'method.request.querystring.groupBy': false,
          'method.request.querystring.measures': false,
          'method.request.querystring.granularity': false,
          'method.request.querystring.limit': false,
          'method.request.querystring.nextToken': false,
          'method.request.querystring.passenger_id': false,
          'method.request.querystring.flight_id': false,
          'method.request.querystring.seat_number': false,
          'method.request.querystring.check_id': false,
        },
      }),
    );
  });

  it('requires an API key and validates parameters on every route', () => {
    for (const method of methods) {
      expect(method.ApiKeyRequired).toBe(true);
      expect(method.RequestValidatorId).toEqual({ Ref: expect.stringMatching(/ParameterValidator/) });
    }
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestParameters: true });
  });

  it('requires the dataset name and declares the range, paging and filter parameters on the records route', () => {
    expect(methods).toContainEqual(
      expect.objectContaining({
        RequestParameters: expect.objectContaining({
          'method.request.path.name': true,
          'method.request.querystring.from': false,
          'method.request.querystring.to': false,
          'method.request.querystring.limit': false,
          'method.request.querystring.passenger_id': false,
        }),
      }),
    );
  });

  it('throttles and caps API keys with a usage plan bound to the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 50, BurstLimit: 100 },
      Quota: { Limit: 100_000, Period: 'DAY' },
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp('DeploymentStage') } })],
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('traces, throttles and writes JSON access logs on the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      MethodSettings: [
        Match.objectLike({ LoggingLevel: 'ERROR', ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() }),
      ],
    });
  });

  it('declares one method per route of the route table, with its path and query parameters', () => {
    // Act
    const declared = methods.map((method) => Object.keys(method.RequestParameters ?? {}).sort());

    // Assert
    expect(methods).toHaveLength(API_ROUTES.length);
    for (const route of API_ROUTES) {
      const names = route.queryParameters.filter((name) => name !== 'filters').map((name) => `method.request.querystring.${name}`);
      const pathNames = Object.keys(route.pathParameters).map((name) => `method.request.path.${name}`);
      expect(declared).toContainEqual(expect.arrayContaining([...pathNames, ...names]));
    }
  });

  it('answers an unknown route 404 route_not_found, and only with codes of the API error set', () => {
    // Act
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map((response) => response.Properties);
    const codes = responses.map((response) => /"code":"(\w+)"/.exec(response.ResponseTemplates['application/json'])?.[1]);

    // Assert
    expect(responses).toContainEqual(expect.objectContaining({ ResponseType: 'MISSING_AUTHENTICATION_TOKEN', StatusCode: '404' }));
    expect(codes).toContain('route_not_found');
    for (const code of codes) expect(API_ERROR_CODES).toContain(code);
  });

  it('answers failed parameter validation with a 400 in the API error shape', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_PARAMETERS',
      StatusCode: '400',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"error":\\{"code":"invalid_parameter"') },
    });
  });
});

describe('stack outputs', () => {
  it('exports the topic ARNs, API URL, API key id, lake bucket, workgroup, database and alarm topic', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      [
        'AlarmTopicArn',
        'ApiKeyId',
        'ApiUrl',
        'AthenaWorkGroup',
        'GlueDatabaseName',
        'LakeBucketName',
        'PassengersTopicArn',
        'SmokeChecksTopicArn',
      ].sort(),
    );
  });
});
