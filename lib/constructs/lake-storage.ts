import { Duration } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type Bucket, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  COMPACTION_REQUESTS_PREFIX,
  CURATED_PREFIX,
  compactionRequestsPrefix,
  RAW_PREFIX,
  REJECTED_PREFIX,
  rawDatasetPrefix,
  rejectedDatasetPrefix,
} from '../../lambdas/core/lake-keys';
import { SecureBucket } from './secure-bucket';

export interface LakeStorageProps {
  /** Days before lake objects move to S3 Standard-IA. @default 30 */
  readonly infrequentAccessAfterDays?: number;
  /** Days before a replaced or deleted object version is removed for good. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * Days after which objects under `raw/` expire (by object age, not by `dt`). A compaction run merges the day's
   * current run with its raw objects, so expiring raw objects never shrinks a compacted day, and a late record for an
   * old day is added to what the day already holds. What expiry does lose is the ability to rebuild a day from raw
   * alone, and the raw answer of a day that was never compacted before its objects expired. @default never
   */
  readonly rawExpirationDays?: number;
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
        ...(props.rawExpirationDays === undefined
          ? []
          : [{ id: 'expire-raw', prefix: `${RAW_PREFIX}/`, expiration: Duration.days(props.rawExpirationDays) }]),
      ],
    }).bucket;
  }

  /**
   * Write-only access for one dataset's ingest: `s3:PutObject` on `raw/<dataset>/*`, `rejected/<dataset>/*` and
   * `compaction-requests/<dataset>/*` (the markers of days that received records after they ended), nothing else.
   */
  grantDatasetWrite(grantee: IGrantable, dataset: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteDatasetObjects',
        actions: ['s3:PutObject'],
        resources: [
          this.lakeBucket.arnForObjects(`${rawDatasetPrefix(dataset)}*`),
          this.lakeBucket.arnForObjects(`${rejectedDatasetPrefix(dataset)}*`),
          this.lakeBucket.arnForObjects(`${compactionRequestsPrefix(dataset)}*`),
        ],
      }),
    );
  }

  /**
   * What the query function reads of the lake, with the caller's credentials as Athena does: get objects under `raw/`,
   * `curated/` and `rejected/` and list those prefixes, and list `compaction-requests/` (a day with a pending request is
   * read raw). Each prefix has its own statements, named after it.
   */
  grantQueryRead(grantee: IGrantable): void {
    const policy = (statement: PolicyStatement) => grantee.grantPrincipal.addToPrincipalPolicy(statement);
    const zones = [
      { prefix: RAW_PREFIX, name: 'Raw' },
      { prefix: CURATED_PREFIX, name: 'Curated' },
      { prefix: REJECTED_PREFIX, name: 'Rejected' },
    ];
    for (const { prefix, name } of zones) {
      policy(
        new PolicyStatement({
          sid: `Read${name}Objects`,
          actions: ['s3:GetObject'],
          resources: [this.lakeBucket.arnForObjects(`${prefix}/*`)],
        }),
      );
      policy(this.listPrefix(`List${name}Prefix`, prefix));
    }
    policy(this.listPrefix('ListCompactionRequestsPrefix', COMPACTION_REQUESTS_PREFIX));
    policy(new PolicyStatement({ sid: 'LocateLakeBucket', actions: ['s3:GetBucketLocation'], resources: [this.lakeBucket.bucketArn] }));
  }

  private listPrefix(sid: string, prefix: string): PolicyStatement {
    return new PolicyStatement({
      sid,
      actions: ['s3:ListBucket'],
      resources: [this.lakeBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}/*`, `${prefix}/`] } },
    });
  }

  /**
   * What the compaction needs of the lake: read `raw/` and `curated/` (Athena reads the day's raw objects and its
   * current run with the caller's credentials), write and delete `curated/` (Athena's UNLOAD writes the run's files;
   * stale runs are removed), delete `compaction-requests/` (answered markers), and list exactly these three prefixes.
   */
  grantCompaction(grantee: IGrantable): void {
    const policy = (statement: PolicyStatement) => grantee.grantPrincipal.addToPrincipalPolicy(statement);
    policy(
      new PolicyStatement({
        sid: 'ReadRawForCompaction',
        actions: ['s3:GetObject'],
        resources: [this.lakeBucket.arnForObjects(`${RAW_PREFIX}/*`)],
      }),
    );
    policy(
      new PolicyStatement({
        sid: 'ReadCuratedForCompaction',
        actions: ['s3:GetObject'],
        resources: [this.lakeBucket.arnForObjects(`${CURATED_PREFIX}/*`)],
      }),
    );
    policy(
      new PolicyStatement({
        sid: 'WriteCuratedObjects',
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.lakeBucket.arnForObjects(`${CURATED_PREFIX}/*`)],
      }),
    );
    policy(
      new PolicyStatement({
        sid: 'DeleteCompactionRequests',
        actions: ['s3:DeleteObject'],
        resources: [this.lakeBucket.arnForObjects(`${COMPACTION_REQUESTS_PREFIX}/*`)],
      }),
    );
    const prefixes = [RAW_PREFIX, CURATED_PREFIX, COMPACTION_REQUESTS_PREFIX].flatMap((prefix) => [`${prefix}/*`, `${prefix}/`]);
    policy(
      new PolicyStatement({
        sid: 'ListCompactionPrefixes',
        actions: ['s3:ListBucket'],
        resources: [this.lakeBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes } },
      }),
    );
    policy(
      new PolicyStatement({
        sid: 'LocateLakeBucketForCompaction',
        actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [this.lakeBucket.bucketArn],
      }),
    );
  }
}
