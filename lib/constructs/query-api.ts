import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  RequestValidator,
  ResponseType,
  RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ApiErrorCode } from '../../lambdas/core/api-error-code';
import { API_ROUTES } from '../../lambdas/core/api-routes';
import { curatedTableName, type DatasetDefinition, rejectedTableName } from '../../lambdas/core/dataset';
import { QUERY_SETTING_DEFAULTS } from '../../lambdas/core/environment';
import { REJECTED_PREFIX } from '../../lambdas/core/lake-keys';
import { checkMaxResultRows } from '../../lambdas/core/records-query';
import { checkResultReuseMaxAge } from '../../lambdas/core/result-reuse';
import { QUERY_SERVICE } from '../../lambdas/core/telemetry';
import { acknowledgeFinding, bucketObjectsFinding } from '../nag-acknowledgements';
import type { LakeStorage } from './lake-storage';
import { LakelineFunction } from './lakeline-function';
import { SecureBucket } from './secure-bucket';

export interface QueryApiThrottling {
  /** Steady-state requests per second per API key (usage plan) and per stage. */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** Requests per API key per day. */
  readonly dailyQuota: number;
}

export interface QueryApiProps {
  /** Name prefix of the physical resources, e.g. `lakeline-dev`. */
  readonly namePrefix: string;
  /** API Gateway stage name; the API answers under `https://…/<stageName>/v1/…`. */
  readonly stageName: string;
  /** The datasets the API serves: their tables are readable and their filter columns declared as query parameters. */
  readonly datasets: readonly DatasetDefinition[];
  /** The lake, read under `raw/` only; its access-log bucket also receives the results bucket's logs. */
  readonly storage: LakeStorage;
  /** Glue database `lakeline_<stage>` the queries run against. */
  readonly glueDatabaseName: string;
  /** Protect the log groups from deletion and keep a workgroup that still holds queries when CloudFormation deletes it (prod). */
  readonly deletionProtection: boolean;
  /** Retention of the function and API access log groups. */
  readonly logRetention: RetentionDays;
  /** Athena cancels any query that would scan more than this. @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Days Athena result files are kept, and so how long a nextToken works. @default 7 */
  readonly resultExpirationDays?: number;
  /** How long the function waits for Athena before answering 202 with a query id. @default 20 s */
  readonly waitBudget?: Duration;
  /** Widest `from`..`to` range a request may ask for. @default 31 */
  readonly maxRangeDays?: number;
  /**
   * Oldest stored Athena result a query over days that ended before today may be answered from, 0 to turn reuse off;
   * at most the 5-minute freshness objective. @default 5
   */
  readonly resultReuseMaxAgeMinutes?: number;
  /** Most rows one records request may make Athena materialise and serve over all its pages. @default 100 000 */
  readonly maxResultRows?: number;
  /** @default { rateLimit: 50, burstLimit: 100, dailyQuota: 100_000 } */
  readonly throttling?: QueryApiThrottling;
}

/** Query result reuse needs engine version 3: https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html */
const ATHENA_ENGINE_VERSION = 'Athena engine version 3';
const TEN_GIB = 10 * 1024 ** 3;
const DEFAULT_THROTTLING: QueryApiThrottling = { rateLimit: 50, burstLimit: 100, dailyQuota: 100_000 };

/**
 * The read side: an Athena workgroup (engine v3, enforced configuration, own encrypted results bucket,
 * bytes-scanned cutoff, CloudWatch metrics), the query function, and the REST API in front of it with an
 * API key on every route, a usage plan (throttling + quota), request validation, access logs and tracing.
 */
export class QueryApi extends Construct {
  readonly resultsBucket: Bucket;
  readonly workGroup: CfnWorkGroup;
  readonly workGroupName: string;
  readonly query: LakelineFunction;
  readonly api: RestApi;
  readonly apiKey: ApiKey;
  readonly usagePlan: UsagePlan;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const throttling = props.throttling ?? DEFAULT_THROTTLING;
    this.workGroupName = props.namePrefix;

    this.resultsBucket = new SecureBucket(this, 'AthenaResults', {
      versioned: false,
      accessLogsBucket: props.storage.accessLogsBucket,
      accessLogsPrefix: 'athena-results/',
      lifecycleRules: [{ id: 'expire-query-results', expiration: Duration.days(this.resultRetentionDays(props)) }],
    }).bucket;

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Lakeline query API workgroup',
      state: 'ENABLED',
      recursiveDeleteOption: !props.deletionProtection,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // Athena cancels a query of this workgroup once it scans more, and the handler answers 502 with the reason:
        // https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? TEN_GIB,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.query = new LakelineFunction(this, 'Query', {
      handlerFolder: 'query',
      functionName: `${props.namePrefix}-query`,
      description: 'Answers the Lakeline HTTP API: parameterised Athena queries over the lake',
      serviceName: QUERY_SERVICE,
      // API Gateway gives up after 29 s; the wait budget below leaves room to answer 202 before that.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      logRetention: props.logRetention,
      deletionProtection: props.deletionProtection,
    });
    this.wireQueryFunction(props);

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.namePrefix}-api/access`,
      retention: props.logRetention,
      deletionProtectionEnabled: props.deletionProtection,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${props.namePrefix}-api`,
      description: 'Lakeline query API',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      cloudWatchRole: true,
      // The role is an account-wide API Gateway setting that other stages' APIs may rely on: never delete it with a stage.
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        // The stage limit caps all keys together; each key is held to the usage plan's share below.
        throttlingRateLimit: throttling.rateLimit * 4,
        throttlingBurstLimit: throttling.burstLimit * 4,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
      defaultMethodOptions: { apiKeyRequired: true },
    });
    // The stack exports the URL as ApiUrl; drop the RestApi's own duplicate output.
    this.api.node.tryRemoveChild('Endpoint');
    this.addRoutes(props.datasets);
    this.addErrorResponses();

    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: `${props.namePrefix}-default`,
      description: 'Default Lakeline API clients',
      throttle: { rateLimit: throttling.rateLimit, burstLimit: throttling.burstLimit },
      quota: { limit: throttling.dailyQuota, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.apiKey = new ApiKey(this, 'ApiKey', {
      apiKeyName: `${props.namePrefix}-default`,
      description: 'Default Lakeline API key; read its value with `aws apigateway get-api-key --include-value`',
    });
    this.usagePlan.addApiKey(this.apiKey);
    this.acknowledgeFindings(props.storage);
  }

  private acknowledgeFindings(storage: LakeStorage): void {
    acknowledgeFinding(
      this.query.role,
      bucketObjectsFinding(storage.lakeBucket, 'raw/*'),
      's3:GetObject only, on keys under raw/: Athena reads every partition object of every dataset table with the caller credentials, and the keys are generated.',
    );
    acknowledgeFinding(
      this.query.role,
      bucketObjectsFinding(storage.lakeBucket, `${REJECTED_PREFIX}/*`),
      's3:GetObject only, on keys under rejected/: Athena reads every partition object of the rejected tables with the caller credentials, and the keys are generated.',
    );
    acknowledgeFinding(
      this.query.role,
      bucketObjectsFinding(storage.lakeBucket, 'curated/*'),
      's3:GetObject only, on keys under curated/: Athena reads the compacted Parquet files of the current runs with the caller credentials, and file names are chosen by Athena UNLOAD.',
    );
    acknowledgeFinding(
      this.query.role,
      bucketObjectsFinding(this.resultsBucket, 'results/*'),
      'Athena writes and reads its result files under results/ of the workgroup results bucket with the caller credentials; file names are query ids chosen by Athena.',
    );
    acknowledgeFinding(
      this.query.function,
      'Serverless-LambdaDLQ',
      'Only API Gateway invokes the function, synchronously; errors go back to the HTTP client, there are no asynchronous invocations to dead-letter.',
    );
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledgeFinding(
        cloudWatchRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'The account-level role API Gateway uses to write execution and access logs; AWS maintains this managed policy for exactly that service role.',
      );
    }
    acknowledgeFinding(
      this.api.deploymentStage,
      'AwsSolutions-APIG3',
      'No WAF web ACL in this stack: every route needs an API key, the usage plan throttles and caps each key, and the stage throttles overall; a regional web ACL is attached by the account firewall policy where one exists.',
    );
    for (const method of this.api.methods) {
      const reason =
        'Callers are services authenticated by API key (x-api-key) with a usage plan, as the API contract requires; there is no end-user identity for an IAM or Cognito authorizer.';
      acknowledgeFinding(method, 'AwsSolutions-APIG4', reason);
      acknowledgeFinding(method, 'AwsSolutions-COG4', reason);
    }
  }

  /** Each environment variable is set next to the grant on the resource it names. */
  private wireQueryFunction(props: QueryApiProps): void {
    const fn = this.query.function;
    const stack = Stack.of(this);

    fn.addEnvironment('ATHENA_WORKGROUP', this.workGroupName);
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'RunQueriesInWorkGroup',
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
      }),
    );
    // Athena writes and reads result files with the caller's credentials.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'UseQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.resultsBucket.arnForObjects('results/*')],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'LocateQueryResults',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [this.resultsBucket.bucketArn],
      }),
    );

    fn.addEnvironment('GLUE_DATABASE', props.glueDatabaseName);
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadLakeCatalog',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.glueDatabaseName }),
          // Each dataset's raw table, the table of its compacted days (whose partitions also say which days are
          // compacted) and the table of its rejected records.
          ...props.datasets.flatMap((dataset) =>
            [dataset.name, curatedTableName(dataset), rejectedTableName(dataset)].map((table) =>
              stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.glueDatabaseName}/${table}` }),
            ),
          ),
        ],
      }),
    );
    // Athena needs the Region's `default` database even for queries that name their own ("Mandatory: access policy to
    // the default database and catalog per AWS Region"). That section also lists glue:CreateDatabase; this role only
    // reads the catalog and is not given it.
    // https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html#full-access-to-default-db-per-region
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadDefaultDatabase',
        actions: ['glue:GetDatabase'],
        resources: [stack.formatArn({ service: 'glue', resource: 'database', resourceName: 'default' })],
      }),
    );
    props.storage.grantQueryRead(fn);
    // The query lists compaction-requests/ there: a compacted day with a pending request is read raw.
    fn.addEnvironment('LAKE_BUCKET', props.storage.lakeBucket.bucketName);

    fn.addEnvironment('QUERY_WAIT_BUDGET_MS', String(props.waitBudget?.toMilliseconds() ?? QUERY_SETTING_DEFAULTS.waitBudgetMs));
    fn.addEnvironment('QUERY_MAX_RANGE_DAYS', String(props.maxRangeDays ?? QUERY_SETTING_DEFAULTS.maxRangeDays));
    const resultReuseMaxAgeMinutes = props.resultReuseMaxAgeMinutes ?? QUERY_SETTING_DEFAULTS.resultReuseMaxAgeMinutes;
    checkResultReuseMaxAge(resultReuseMaxAgeMinutes, 'resultReuseMaxAgeMinutes');
    fn.addEnvironment('RESULT_REUSE_MAX_AGE_MINUTES', String(resultReuseMaxAgeMinutes));
    const maxResultRows = props.maxResultRows ?? QUERY_SETTING_DEFAULTS.maxResultRows;
    checkMaxResultRows(maxResultRows, 'maxResultRows');
    fn.addEnvironment('QUERY_MAX_RESULT_ROWS', String(maxResultRows));
    // Page tokens say when they expire: when the results bucket's lifecycle rule removes the result files.
    fn.addEnvironment('QUERY_RESULT_RETENTION_DAYS', String(this.resultRetentionDays(props)));
  }

  private resultRetentionDays(props: QueryApiProps): number {
    return props.resultExpirationDays ?? QUERY_SETTING_DEFAULTS.resultRetentionDays;
  }

  /**
   * One method per route of the route table, on the resource of its path, with the parameters the route declares. A
   * method that requires an API key refuses a request without a key of a usage plan bound to the stage:
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html; required request
   * parameters are checked by the validator: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
   */
  private addRoutes(datasets: readonly DatasetDefinition[]): void {
    const integration = new LambdaIntegration(this.query.function, { allowTestInvoke: false });
    const validator = new RequestValidator(this, 'ParameterValidator', {
      restApi: this.api,
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      // GET routes carry no body; body validation is on so a future body-carrying route cannot skip it.
      validateRequestBody: true,
    });
    const filterParameters = [...new Set(datasets.flatMap((dataset) => dataset.columns.filter((c) => c.filterable).map((c) => c.name)))];
    for (const route of API_ROUTES) {
      const queryNames = route.queryParameters.flatMap((name) => (name === 'filters' ? filterParameters : [name]));
      this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        apiKeyRequired: route.apiKeyRequired,
        requestValidator: validator,
        requestParameters: {
          ...Object.fromEntries(Object.keys(route.pathParameters).map((name) => [`method.request.path.${name}`, true])),
          // Optional: the handler checks every value and refuses unknown names itself.
          ...Object.fromEntries(queryNames.map((name) => [`method.request.querystring.${name}`, false])),
        },
      });
    }
  }

  /** Errors API Gateway answers itself, in the API's `{"error": {"code", "message"}}` shape. */
  private addErrorResponses(): void {
    const body = (code: ApiErrorCode, message: string) => ({ 'application/json': `{"error":{"code":"${code}","message":${message}}}` });
    this.api.addGatewayResponse('BadRequestParameters', {
      type: ResponseType.BAD_REQUEST_PARAMETERS,
      statusCode: '400',
      templates: body('invalid_parameter', '"$context.error.validationErrorString"'),
    });
    // API Gateway answers a path or method no resource declares with MISSING_AUTHENTICATION_TOKEN (403); it is a missing route:
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
    this.api.addGatewayResponse('UnknownRoute', {
      type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      templates: body('route_not_found', '"No such route"'),
    });
    this.api.addGatewayResponse('Default4xx', {
      type: ResponseType.DEFAULT_4XX,
      templates: body('client_error', '$context.error.messageString'),
    });
    this.api.addGatewayResponse('Default5xx', {
      type: ResponseType.DEFAULT_5XX,
      templates: body('gateway_error', '$context.error.messageString'),
    });
  }
}
