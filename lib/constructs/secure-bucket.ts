import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, type LifecycleRule, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Bucket that receives this bucket's server access logs; omit only for the log bucket itself. */
  readonly accessLogsBucket?: IBucket;
  /** Key prefix of this bucket's access logs in `accessLogsBucket`. */
  readonly accessLogsPrefix?: string;
  /** Keep every object version (and expire noncurrent ones after `noncurrentVersionExpiration`). */
  readonly versioned: boolean;
  /** Lifecycle rules on top of the defaults (abort incomplete multipart uploads after 7 days). */
  readonly lifecycleRules?: readonly LifecycleRule[];
}

/**
 * An S3 bucket with the settings every Lakeline bucket shares: SSE-S3 encryption, all public access blocked,
 * TLS-only bucket policy, bucket-owner-enforced ownership and optional server access logging.
 */
export class SecureBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html
      encryption: BucketEncryption.S3_MANAGED,
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // The bucket policy denies requests with aws:SecureTransport false and, with the next line, s3:TlsVersion below 1.2.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // ACLs off: only policies grant access. https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned,
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      // Objects are data: kept unless the stage's removal policy (lib/stage-removal-policy.ts) says otherwise.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ...(props.lifecycleRules ?? []),
      ],
    });
  }
}
