import { Duration, Stack } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import { ComparisonOperator, type Dashboard, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  type AlarmWithAnnotation,
  type CustomMonitoringProps,
  DefaultDashboardFactory,
  LatencyType,
  type MetricFactory,
  MetricStatistic,
  type MetricWithAlarmSupport,
  MonitoringFacade,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import {
  COMPACTION_SERVICE,
  CompactionMetric,
  DATASET_DIMENSION,
  INGEST_SERVICE,
  IngestMetric,
  METRICS_NAMESPACE,
  QUERY_SERVICE,
  QueryMetric,
} from '../../lambdas/core/telemetry';
import { type AlarmThresholds, deriveAlarmThresholds, LAKELINE_SLO, type LakelineSlo } from '../slo';

/** The resources of one dataset's ingest path. */
export interface MonitoredDataset {
  /** Dataset name, as in `datasets/` (also the `dataset` dimension of the ingest EMF metrics). */
  readonly name: string;
  /** The topic publishers write to. */
  readonly topic: ITopic;
  /** The queue subscribed to the topic, drained by the ingest function. */
  readonly queue: IQueue;
  /** Where the queue moves messages after maxReceiveCount failed receives. */
  readonly deadLetterQueue: IQueue;
  /** The ingest Lambda reading the queue. */
  readonly ingestFunction: IFunction;
}

/** The compaction of the lake into the curated zone. */
export interface MonitoredCompaction {
  /** The function the schedule invokes. */
  readonly compactionFunction: IFunction;
  /** Where failed schedule deliveries and failed invocations land. */
  readonly deadLetterQueue: IQueue;
  /** Its Athena workgroup. */
  readonly workgroupName: string;
}

export interface LakelineMonitoringProps {
  /** One entry per dataset. */
  readonly datasets: readonly MonitoredDataset[];
  /** The REST API in front of the query function. */
  readonly api: IRestApi;
  /** Stage whose metrics are watched. @default api.deploymentStage.stageName */
  readonly apiStageName?: string;
  /** The query Lambda behind the API. */
  readonly queryFunction: IFunction;
  /** Athena workgroup the query function runs in (must publish CloudWatch metrics). */
  readonly workgroupName: string;
  /** The compaction, when the deployment has one: its own section and failure alarm. */
  readonly compaction?: MonitoredCompaction;
  /** Topic every alarm notifies on ALARM and on OK. */
  readonly alarmTopic: ITopic;
  /** Objectives the thresholds are derived from. @default LAKELINE_SLO */
  readonly slo?: LakelineSlo;
  /** Prefix of the dashboard and alarm names (unique per account and region). @default the stack name */
  readonly namePrefix?: string;
}

/**
 * Dashboard and alarms for a Lakeline deployment (cdk-monitoring-constructs). Every alarm notifies
 * `alarmTopic` on ALARM and on OK; thresholds come from lib/slo.ts (see docs/slo.md and docs/runbook.md).
 */
export class LakelineMonitoring extends Construct {
  /** The thresholds the alarms were built with. */
  readonly thresholds: AlarmThresholds;
  /** The CloudWatch dashboard. */
  readonly dashboard: Dashboard;
  private readonly facade: MonitoringFacade;
  private readonly metrics: MetricFactory;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: LakelineMonitoringProps) {
    super(scope, id);
    this.thresholds = deriveAlarmThresholds(props.slo ?? LAKELINE_SLO);
    this.period = Duration.minutes(this.thresholds.periodMinutes);
    const namePrefix = props.namePrefix ?? Stack.of(this).stackName;

    const dashboards = new DefaultDashboardFactory(this, 'Dashboards', {
      dashboardNamePrefix: namePrefix,
      createDashboard: true,
      createSummaryDashboard: false,
      createAlarmDashboard: false,
    });
    this.facade = new MonitoringFacade(this, 'Facade', {
      metricFactoryDefaults: { period: this.period },
      alarmFactoryDefaults: {
        alarmNamePrefix: namePrefix,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: props.alarmTopic, onOkTopic: props.alarmTopic }),
        datapointsToAlarm: this.thresholds.datapointsToAlarm,
      },
      dashboardFactory: dashboards,
    });
    this.metrics = this.facade.createMetricFactory();

    for (const dataset of props.datasets) {
      this.monitorDataset(dataset);
    }
    this.monitorApi(props.api, props.apiStageName ?? props.api.deploymentStage.stageName, props.queryFunction);
    this.monitorAthena(props.workgroupName);
    if (props.compaction) this.monitorCompaction(props.compaction, props.datasets);

    const dashboard = dashboards.createdDashboard();
    if (dashboard === undefined) {
      throw new Error('LakelineMonitoring: the dashboard factory created no dashboard');
    }
    this.dashboard = dashboard;
  }

  /** Every alarm created, for callers that want to add more actions. */
  get alarms(): AlarmWithAnnotation[] {
    return this.facade.createdAlarms();
  }

  private monitorDataset(dataset: MonitoredDataset): void {
    const t = this.thresholds;
    const friendly = `Dataset-${dataset.name}`;
    this.facade
      .addLargeHeader(`Dataset ${dataset.name}`)
      .monitorSnsTopic({
        topic: dataset.topic,
        humanReadableName: `${dataset.name} topic (publish rate)`,
        alarmFriendlyName: `${friendly}-Topic`,
        addMessageNotificationsFailedAlarm: {
          Completeness: {
            maxNotificationsFailedCount: t.topicMaxFailedNotifications,
            datapointsToAlarm: 1,
            treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
            alarmDescriptionOverride: runbook(`SNS could not deliver ${dataset.name} messages to the queue.`, 'topic-delivery-failed'),
          },
        },
      })
      .monitorSqsQueueWithDlq({
        queue: dataset.queue,
        deadLetterQueue: dataset.deadLetterQueue,
        humanReadableName: `${dataset.name} queue`,
        alarmFriendlyName: `${friendly}-Queue`,
        addQueueMaxMessageAgeAlarm: {
          Freshness: {
            maxAgeInSeconds: t.queueMaxOldestMessageAgeSeconds,
            treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
            alarmDescriptionOverride: runbook(
              `The oldest ${dataset.name} message waits longer than the freshness objective.`,
              'queue-too-old',
            ),
          },
        },
        addDeadLetterQueueMaxSizeAlarm: {
          Completeness: {
            maxMessageCount: t.deadLetterQueueMaxMessages,
            datapointsToAlarm: 1,
            treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
            alarmDescriptionOverride: runbook(`Messages of ${dataset.name} reached the dead-letter queue.`, 'dlq-not-empty'),
          },
        },
      })
      .monitorLambdaFunction({
        lambdaFunction: dataset.ingestFunction,
        humanReadableName: `${dataset.name} ingest function`,
        alarmFriendlyName: `${friendly}-Ingest`,
        addFaultRateAlarm: {
          Freshness: {
            maxErrorRate: t.ingestMaxErrorRate,
            alarmDescriptionOverride: runbook(`The ${dataset.name} ingest function fails whole batches.`, 'ingest-errors'),
          },
        },
      })
      .monitorCustom(this.ingestRecordsMonitoring(dataset.name, friendly));
  }

  private ingestRecordsMonitoring(datasetName: string, friendly: string): CustomMonitoringProps {
    const dimensions = { service: INGEST_SERVICE, [DATASET_DIMENSION]: datasetName };
    const accepted = this.emf(IngestMetric.RecordsAccepted, MetricStatistic.SUM, 'Accepted', dimensions);
    const rejected = this.emf(IngestMetric.RecordsRejected, MetricStatistic.SUM, 'Rejected', dimensions);
    const rejectedRate = this.metrics.createMetricMath(
      'IF(FILL(accepted,0) + FILL(rejected,0) > 0, FILL(rejected,0) / (FILL(accepted,0) + FILL(rejected,0)), 0)',
      { accepted, rejected },
      'Rejected share',
    );
    return {
      humanReadableName: `${datasetName} records (ingest EMF)`,
      alarmFriendlyName: `${friendly}-Records`,
      metricGroups: [
        { title: 'Records accepted / rejected', metrics: [accepted, rejected] },
        {
          title: 'Rejected share',
          metrics: [
            {
              metric: rejectedRate,
              alarmFriendlyName: 'RejectedRate',
              addAlarm: {
                DataQuality: {
                  threshold: this.thresholds.maxRejectedRecordRate,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  alarmDescriptionOverride: runbook(`Too many ${datasetName} records fail validation.`, 'records-rejected'),
                },
              },
            },
          ],
        },
        {
          title: 'Batch duration (ms)',
          metrics: [
            this.emf(IngestMetric.BatchDuration, MetricStatistic.P50, 'p50', dimensions),
            this.emf(IngestMetric.BatchDuration, MetricStatistic.P99, 'p99', dimensions),
          ],
        },
        {
          title: 'Lake writes',
          metrics: [
            this.emf(IngestMetric.ObjectsWritten, MetricStatistic.SUM, 'Objects', dimensions),
            this.emf(IngestMetric.BytesWritten, MetricStatistic.SUM, 'Bytes', dimensions),
          ],
        },
      ],
    };
  }

  private monitorApi(api: IRestApi, apiStage: string, queryFunction: IFunction): void {
    const t = this.thresholds;
    const queryDimensions = { service: QUERY_SERVICE };
    this.facade
      .addLargeHeader('API')
      .monitorApiGateway({
        api,
        apiStage,
        humanReadableName: 'Lakeline API',
        alarmFriendlyName: 'Api',
        latencyTypesToRender: [LatencyType.P50, LatencyType.P90, LatencyType.P99],
        add5XXFaultRateAlarm: {
          Availability: {
            maxErrorRate: t.api5xxMaxRate,
            alarmDescriptionOverride: runbook('The API burns its availability budget.', 'api-5xx'),
          },
        },
        addLatencyP99Alarm: {
          Latency: {
            maxLatency: Duration.millis(t.apiP99MaxLatencyMillis),
            alarmDescriptionOverride: runbook('API p99 latency is above its objective.', 'api-p99-latency'),
          },
        },
      })
      .monitorLambdaFunction({ lambdaFunction: queryFunction, humanReadableName: 'Query function', alarmFriendlyName: 'Query' })
      .monitorCustom({
        humanReadableName: 'Query outcomes (query EMF)',
        alarmFriendlyName: 'QueryOutcomes',
        metricGroups: [
          {
            title: 'Queries and errors',
            metrics: [
              this.emf(QueryMetric.Queries, MetricStatistic.SUM, 'Queries', queryDimensions),
              this.emf(QueryMetric.ClientErrors, MetricStatistic.SUM, 'Client errors (4xx)', queryDimensions),
              this.emf(QueryMetric.ServerErrors, MetricStatistic.SUM, 'Server errors (5xx)', queryDimensions),
            ],
          },
          { title: 'Bytes scanned', metrics: [this.emf(QueryMetric.BytesScanned, MetricStatistic.SUM, 'Bytes', queryDimensions)] },
          {
            title: 'Engine time (ms)',
            metrics: [
              this.emf(QueryMetric.EngineTime, MetricStatistic.P50, 'p50', queryDimensions),
              this.emf(QueryMetric.EngineTime, MetricStatistic.P99, 'p99', queryDimensions),
            ],
          },
        ],
      });
  }

  private monitorAthena(workgroupName: string): void {
    const athena = (metricName: string, statistic: MetricStatistic, label: string, queryState: string): MetricWithAlarmSupport =>
      this.metrics.createMetric(
        metricName,
        statistic,
        label,
        { QueryState: queryState, QueryType: 'DML', WorkGroup: workgroupName },
        undefined,
        'AWS/Athena',
      );
    const failed = athena('TotalExecutionTime', MetricStatistic.N, 'Failed queries', 'FAILED');
    this.facade.addLargeHeader('Athena').monitorCustom({
      humanReadableName: `Athena workgroup ${workgroupName}`,
      alarmFriendlyName: 'Athena',
      metricGroups: [
        {
          title: 'Queries',
          metrics: [
            athena('TotalExecutionTime', MetricStatistic.N, 'Succeeded queries', 'SUCCEEDED'),
            {
              metric: failed,
              alarmFriendlyName: 'FailedQueries',
              addAlarm: {
                Availability: {
                  threshold: this.thresholds.athenaMaxFailedQueries,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  datapointsToAlarm: 1,
                  alarmDescriptionOverride: runbook(`Athena queries fail in workgroup ${workgroupName}.`, 'athena-failures'),
                },
              },
            },
          ],
        },
        { title: 'Bytes scanned', metrics: [athena('ProcessedBytes', MetricStatistic.SUM, 'Bytes scanned', 'SUCCEEDED')] },
        {
          title: 'Engine time (ms)',
          metrics: [
            athena('EngineExecutionTime', MetricStatistic.P50, 'p50', 'SUCCEEDED'),
            athena('EngineExecutionTime', MetricStatistic.P99, 'p99', 'SUCCEEDED'),
          ],
        },
      ],
    });
  }

  /**
   * One alarm for any failed compaction: a function error (a day that could not be compacted fails the invocation
   * after the others were tried) or an event in the dead-letter queue (a schedule delivery or an invocation that failed).
   */
  private monitorCompaction(compaction: MonitoredCompaction, datasets: readonly MonitoredDataset[]): void {
    const functionName = compaction.compactionFunction.functionName;
    const errors = this.metrics.createMetric(
      'Errors',
      MetricStatistic.SUM,
      'Function errors',
      { FunctionName: functionName },
      undefined,
      'AWS/Lambda',
    );
    const dlq = this.metrics.createMetric(
      'ApproximateNumberOfMessagesVisible',
      MetricStatistic.MAX,
      'Dead-letter events',
      { QueueName: compaction.deadLetterQueue.queueName },
      undefined,
      'AWS/SQS',
    );
    const failures = this.metrics.createMetricMath('FILL(errors,0) + FILL(dlq,0)', { errors, dlq }, 'Failed runs + dead letters');
    const perDataset = (metric: string) =>
      datasets.map((dataset) =>
        this.emf(metric, MetricStatistic.SUM, dataset.name, { service: COMPACTION_SERVICE, [DATASET_DIMENSION]: dataset.name }),
      );
    this.facade
      .addLargeHeader('Compaction')
      .monitorLambdaFunction({
        lambdaFunction: compaction.compactionFunction,
        humanReadableName: 'Compaction function',
        alarmFriendlyName: 'CompactionFunction',
      })
      .monitorCustom({
        humanReadableName: `Compaction (workgroup ${compaction.workgroupName})`,
        alarmFriendlyName: 'Compaction',
        metricGroups: [
          { title: 'Days compacted', metrics: perDataset(CompactionMetric.DaysCompacted) },
          { title: 'Days that failed', metrics: perDataset(CompactionMetric.CompactionFailures) },
          {
            title: 'Failures',
            metrics: [
              {
                metric: failures,
                alarmFriendlyName: 'Failures',
                addAlarm: {
                  Failures: {
                    threshold: 0,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                    datapointsToAlarm: 1,
                    alarmDescriptionOverride: runbook(
                      'A compaction run failed; its days are still answered from raw.',
                      'compaction-failed',
                    ),
                  },
                },
              },
            ],
          },
        ],
      });
  }

  private emf(metricName: string, statistic: MetricStatistic, label: string, dimensions: Record<string, string>) {
    return this.metrics.createMetric(metricName, statistic, label, dimensions, undefined, METRICS_NAMESPACE);
  }
}

function runbook(summary: string, anchor: string): string {
  return `${summary} Runbook: docs/runbook.md#${anchor}`;
}
