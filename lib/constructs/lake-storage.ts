import { Duration } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type Bucket, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RAW_PREFIX, rawDatasetPrefix, rejectedDatasetPrefix } from '../../lambdas/core/lake-keys';
import { SecureBucket } from './secure-bucket';

export interface LakeStorageProps {
  /** Days before lake objects move to S3 Standard-IA. @default 30 */
  readonly infrequentAccessAfterDays?: number;
  /** Days before a replaced or deleted object version is removed for good. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The lake: a versioned bucket holding `raw/<dataset>/…` and `rejected/<dataset>/…`, and the bucket that
 * receives the server access logs of every Lakeline bucket. Grants are expressed per key prefix.
 */
export class LakeStorage extends Construct {
  readonly lakeBucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: LakeStorageProps = {}) {
    super(scope, id);
    this.accessLogsBucket = new SecureBucket(this, 'AccessLogs', {
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
    }).bucket;
    this.lakeBucket = new SecureBucket(this, 'Lake', {
      versioned: true,
      accessLogsBucket: this.accessLogsBucket,
      accessLogsPrefix: 'lake/',
      lifecycleRules: [
        {
          id: 'infrequent-access',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.infrequentAccessAfterDays ?? 30) },
          ],
        },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays ?? 30) },
      ],
    }).bucket;
  }

  /** Write-only access for one dataset's ingest: `s3:PutObject` on `raw/<dataset>/*` and `rejected/<dataset>/*`, nothing else. */
  grantDatasetWrite(grantee: IGrantable, dataset: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteDatasetObjects',
        actions: ['s3:PutObject'],
        resources: [
          this.lakeBucket.arnForObjects(`${rawDatasetPrefix(dataset)}*`),
          this.lakeBucket.arnForObjects(`${rejectedDatasetPrefix(dataset)}*`),
        ],
      }),
    );
  }

  /** Read-only access to `raw/` (what Athena reads on the caller's behalf): get objects under `raw/` and list only that prefix. */
  grantRawRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadRawObjects',
        actions: ['s3:GetObject'],
        resources: [this.lakeBucket.arnForObjects(`${RAW_PREFIX}/*`)],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListRawPrefix',
        actions: ['s3:ListBucket'],
        resources: [this.lakeBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RAW_PREFIX}/*`, `${RAW_PREFIX}/`] } },
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'LocateLakeBucket', actions: ['s3:GetBucketLocation'], resources: [this.lakeBucket.bucketArn] }),
    );
  }
}
