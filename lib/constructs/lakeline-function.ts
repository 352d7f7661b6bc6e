import type { CfnResource, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../lambdas/core/telemetry';
import { ESM_REQUIRE_BANNER } from '../esm-require-banner';
import { acknowledgeFinding, RUNTIME_REASON, XRAY_WILDCARD_REASON } from '../nag-acknowledgements';
import { lambdaEntry, projectRoot } from '../project-paths';

/** NODE_OPTIONS of every Lakeline function (the bundle benchmark imports the bundles with the same options). */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * esbuild's log level while bundling, from `LAKELINE_BUNDLING_LOG_LEVEL` (e.g. `warning`, which drops the bundle size
 * summary; the tests set it); esbuild's own default when unset.
 */
function bundlingLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel | undefined {
  const level = env.LAKELINE_BUNDLING_LOG_LEVEL?.trim();
  if (!level) return undefined;
  const levels: readonly string[] = Object.values(LogLevel);
  if (!levels.includes(level)) throw new Error(`LAKELINE_BUNDLING_LOG_LEVEL must be one of ${levels.join(', ')}, got "${level}"`);
  return level as LogLevel;
}

export interface LakelineFunctionProps {
  /** Folder under `lambdas/` whose `index.ts` exports `handler` (e.g. `ingest`). */
  readonly handlerFolder: string;
  /** Physical function name; also names the log group `/aws/lambda/<functionName>`. */
  readonly functionName: string;
  readonly description: string;
  /** Powertools service name (POWERTOOLS_SERVICE_NAME). */
  readonly serviceName: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: RetentionDays;
  /** Protect the log group from deletion (prod). */
  readonly deletionProtection: boolean;
  /** Powertools log level (POWERTOOLS_LOG_LEVEL). @default 'INFO' */
  readonly logLevel?: string;
  /** Most instances running at once (1: invocations never overlap). @default none reserved */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lakeline Lambda function: Node.js 22 on ARM64, ESM bundle built with the local esbuild, X-Ray tracing,
 * an explicit log group with retention, and its own role that holds no managed policy — callers add exactly
 * the permissions it needs, each next to the environment variable that names the resource.
 */
export class LakelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LakelineFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      deletionProtectionEnabled: props.deletionProtection,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: lambdaEntry(props.handlerFolder),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        forceDockerBundling: false,
        logLevel: bundlingLogLevel(),
      },
    });
    // CDK makes the function depend on its role and the role's default policy, so it is created only once the policy
    // exists; the role dependency repeats the one `Role: Fn::GetAtt` already implies, which cfn-lint reports as W3005.
    // Scoped to this resource with cfn-lint resource metadata: https://github.com/aws-cloudformation/cfn-lint#resource-based-metadata
    (this.function.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    acknowledgeFinding(this.role, 'AwsSolutions-IAM5[Resource::*]', XRAY_WILDCARD_REASON);
    acknowledgeFinding(this.function, 'AwsSolutions-L1', RUNTIME_REASON);
    acknowledgeFinding(this.function, 'Serverless-LambdaLatestVersion', RUNTIME_REASON);
  }
}
