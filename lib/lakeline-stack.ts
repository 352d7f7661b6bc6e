import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnDatabase } from 'aws-cdk-lib/aws-glue';
import type { Construct } from 'constructs';
import type { DatasetDefinition } from '../lambdas/core/dataset';
import { AlarmNotifications } from './constructs/alarm-notifications';
import { DatasetPipeline } from './constructs/dataset-pipeline';
import { LakeCompaction } from './constructs/lake-compaction';
import { LakeStorage } from './constructs/lake-storage';
import { LakelineMonitoring } from './constructs/lakeline-monitoring';
import { QueryApi } from './constructs/query-api';
import type { StageConfig } from './stage-config';
import { applyStageRemovalPolicy } from './stage-removal-policy';

export interface LakelineStackProps extends StackProps {
  readonly config: StageConfig;
  /** One pipeline (topic, queues, ingest function, Glue table) per definition. */
  readonly datasets: readonly DatasetDefinition[];
}

/** The whole Lakeline deployment of one stage: lake storage, one pipeline per dataset, and the query API. */
export class LakelineStack extends Stack {
  readonly storage: LakeStorage;
  readonly pipelines: readonly DatasetPipeline[];
  readonly queryApi: QueryApi;
  readonly compaction: LakeCompaction;
  readonly alarmNotifications: AlarmNotifications;
  readonly monitoring: LakelineMonitoring;

  constructor(scope: Construct, id: string, props: LakelineStackProps) {
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? props.config.retainData });
    const { config } = props;
    applyStageRemovalPolicy(this, config.retainData);

    this.storage = new LakeStorage(this, 'Storage', { rawExpirationDays: config.rawExpirationDays });

    const database = new CfnDatabase(this, 'LakeDatabase', {
      catalogId: this.account,
      databaseInput: { name: config.glueDatabaseName, description: `Lakeline ${config.stage} lake tables` },
    });

    this.pipelines = props.datasets.map(
      (dataset) =>
        new DatasetPipeline(this, `Dataset-${dataset.name}`, {
          dataset,
          namePrefix: config.namePrefix,
          storage: this.storage,
          glueDatabase: database,
          glueDatabaseName: config.glueDatabaseName,
          deletionProtection: config.retainData,
          logRetention: config.logRetention,
        }),
    );

    this.queryApi = new QueryApi(this, 'Query', {
      namePrefix: config.namePrefix,
      stageName: config.stage,
      datasets: props.datasets,
      storage: this.storage,
      glueDatabaseName: config.glueDatabaseName,
      deletionProtection: config.retainData,
      logRetention: config.logRetention,
    });

    this.compaction = new LakeCompaction(this, 'Compaction', {
      namePrefix: config.namePrefix,
      datasets: props.datasets,
      storage: this.storage,
      glueDatabaseName: config.glueDatabaseName,
      resultsBucket: this.queryApi.resultsBucket,
      deletionProtection: config.retainData,
      logRetention: config.logRetention,
    });

    this.alarmNotifications = new AlarmNotifications(this, 'AlarmNotifications', {
      topicName: `${config.namePrefix}-alarms`,
      alarmNamePrefix: `${config.namePrefix}-`,
      emails: config.alarmEmails,
    });
    this.monitoring = new LakelineMonitoring(this, 'Monitoring', {
      datasets: this.pipelines.map((pipeline) => ({
        name: pipeline.dataset.name,
        topic: pipeline.topic,
        queue: pipeline.queue,
        deadLetterQueue: pipeline.deadLetterQueue,
        ingestFunction: pipeline.ingest.function,
      })),
      api: this.queryApi.api,
      apiStageName: config.stage,
      queryFunction: this.queryApi.query.function,
      workgroupName: this.queryApi.workGroupName,
      compaction: {
        compactionFunction: this.compaction.compaction.function,
        deadLetterQueue: this.compaction.deadLetterQueue,
        workgroupName: this.compaction.workGroupName,
      },
      namePrefix: config.namePrefix,
      alarmTopic: this.alarmNotifications.topic,
    });

    this.addOutputs(config);
  }

  private addOutputs(config: StageConfig): void {
    for (const pipeline of this.pipelines) {
      new CfnOutput(this, `${pascalCase(pipeline.dataset.name)}TopicArn`, {
        description: `SNS topic that accepts ${pipeline.dataset.name} records`,
        value: pipeline.topic.topicArn,
      });
    }
    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the query API (append v1/…)', value: this.queryApi.api.url });
    new CfnOutput(this, 'ApiKeyId', {
      description: 'Id of the default API key (aws apigateway get-api-key --api-key <id> --include-value)',
      value: this.queryApi.apiKey.keyId,
    });
    new CfnOutput(this, 'LakeBucketName', {
      description: 'S3 bucket holding raw/ and rejected/',
      value: this.storage.lakeBucket.bucketName,
    });
    new CfnOutput(this, 'AthenaWorkGroup', { description: 'Athena workgroup of the query API', value: this.queryApi.workGroupName });
    new CfnOutput(this, 'AlarmTopicArn', { description: 'SNS topic every alarm notifies', value: this.alarmNotifications.topic.topicArn });
    new CfnOutput(this, 'GlueDatabaseName', { description: 'Glue database with one table per dataset', value: config.glueDatabaseName });
  }
}

function pascalCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
