import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, type LifecycleRule, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Bucket that receives this bucket's server access logs; omit only for the log bucket itself. */
  readonly accessLogsBucket?: IBucket;
  /** Key prefix of this bucket's access logs in `accessLogsBucket`. */
  readonly accessLogsPrefix?: string;
  /** Keep the bucket (and its data) when the stack is deleted. */
  readonly retain: boolean;
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
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: props.versioned,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ...(props.lifecycleRules ?? []),
      ],
    });
  }
}
