import { describe, expect, it } from 'vitest';
import { sdkCallsIn, workflowCallsIn } from './aws-api-calls';

describe('reading the AWS SDK calls of a source', () => {
  it('maps each constructed command to its IAM action, renamed imports included', () => {
    // Prepare
    const source = [
      "import { DeleteObjectCommand as Remove, type S3Client } from '@aws-sdk/client-s3';",
      "import { PublishBatchCommand, SNSClient, NotFoundException } from '@aws-sdk/client-sns';",
      'await s3.send(new Remove({ Bucket, Key }));',
      'await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries }));',
    ].join('\n');

    // Act
    const scan = sdkCallsIn('lambdas/example.ts', source);

    // Assert
    expect(scan).toEqual({
      calls: [
        { site: 'lambdas/example.ts', command: 'DeleteObjectCommand', action: 's3:DeleteObject' },
        { site: 'lambdas/example.ts', command: 'PublishBatchCommand', action: 'sns:Publish' },
      ],
      unreadable: [],
    });
  });

  it('ignores commands that are imported but never constructed, and type-only imports', () => {
    // Act
    const scan = sdkCallsIn(
      'local/example.ts',
      "import { GetObjectCommand } from '@aws-sdk/client-s3';\nimport type { PutObjectCommand } from '@aws-sdk/client-s3';",
    );

    // Assert
    expect(scan).toEqual({ calls: [], unreadable: [] });
  });

  it('maps each called paginator to the action of the command it sends per page, and skips one never called', () => {
    // Prepare
    const source = [
      "import { paginateGetPartitions as pages, GlueClient } from '@aws-sdk/client-glue';",
      "import { paginateListObjectsV2 } from '@aws-sdk/client-s3';",
      'for await (const page of pages({ client }, { DatabaseName, TableName })) use(page);',
    ].join('\n');

    // Act
    const scan = sdkCallsIn('lambdas/example.ts', source);

    // Assert
    expect(scan).toEqual({
      calls: [{ site: 'lambdas/example.ts', command: 'paginateGetPartitions', action: 'glue:GetPartitions' }],
      unreadable: [],
    });
  });

  it('reports imports that could call AWS without a command in sight', () => {
    // Prepare
    const source = [
      "import { S3, waitUntilObjectExists } from '@aws-sdk/client-s3';",
      "import * as sqs from '@aws-sdk/client-sqs';",
      "import { Upload } from '@aws-sdk/lib-storage';",
      "import { ListTopicsCommand } from '@aws-sdk/client-kinesis';",
    ].join('\n');

    // Act
    const { unreadable } = sdkCallsIn('lambdas/example.ts', source);

    // Assert
    expect(unreadable).toEqual([
      "lambdas/example.ts: S3 from '@aws-sdk/client-s3'",
      "lambdas/example.ts: waitUntilObjectExists from '@aws-sdk/client-s3'",
      "lambdas/example.ts: import * as sqs from '@aws-sdk/client-sqs'",
      "lambdas/example.ts: import { Upload } from '@aws-sdk/lib-storage'",
      "lambdas/example.ts: import { ListTopicsCommand } from '@aws-sdk/client-kinesis'",
    ]);
  });
});

describe('reading the AWS calls of a workflow', () => {
  it('gives each command the role its job assumed last, and skips comments and step names', () => {
    // Prepare
    const roleFrom = (variable: string) => `          role-to-assume: \${{ vars.${variable} }}`;
    const workflow = [
      '# aws s3 ls is only mentioned here',
      'jobs:',
      '  deploy:',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      roleFrom('AWS_DEPLOY_ROLE_ARN'),
      '      - name: cdk deploy',
      '        run: npx cdk deploy --all',
      '  smoke:',
      '    steps:',
      '      - run: aws sqs list-queues',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      roleFrom('AWS_SMOKE_ROLE_ARN'),
      '      - run: key="$(aws apigateway get-api-key --api-key "$id")" && npm run smoke -- --api-key "$key"',
    ].join('\n');

    // Act
    const calls = workflowCallsIn('.github/workflows/example.yml', workflow).map(({ job, call, roleVariable }) => ({
      job,
      call,
      roleVariable,
    }));

    // Assert
    expect(calls).toEqual([
      { job: 'deploy', call: 'cdk deploy', roleVariable: 'AWS_DEPLOY_ROLE_ARN' },
      { job: 'smoke', call: 'aws sqs list-queues', roleVariable: undefined },
      { job: 'smoke', call: 'aws apigateway get-api-key', roleVariable: 'AWS_SMOKE_ROLE_ARN' },
      { job: 'smoke', call: 'npm run smoke', roleVariable: 'AWS_SMOKE_ROLE_ARN' },
    ]);
  });
});
