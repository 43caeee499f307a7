import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules, acknowledgeStackSingleton } from './guard-findings';
import { allowAlarmNotifications } from './alarm-topic-encryption';
import { allowLogGroupEncryption } from './log-group-encryption';

/** The lakehouse storage pipelines write: a key, the warehouse and checkpoint buckets, and the access-log bucket. */
export interface ILakehouseStorage {
  /** Encrypts the warehouse and the checkpoints. */
  readonly key: kms.IKey;
  /** Iceberg data and metadata, one prefix per Glue database (`warehouse/<database>.db/`). */
  readonly warehouseBucket: s3.IBucket;
  /** Flink checkpoints, savepoints and HA metadata, one prefix per pipeline. */
  readonly checkpointBucket: s3.IBucket;
  /** Receives the server access logs of the lakehouse buckets and of the pipelines' artifact buckets. */
  readonly accessLogsBucket: s3.IBucket;
}

/** Props of LakehouseStorage. */
export interface LakehouseStorageProps {
  /** Named in the key's description. */
  readonly ownerName: string;
  /** Whether the buckets and key (and their data) survive the stack: true outside dev. */
  readonly retainData: boolean;
}

/**
 * The storage of a platform's lakehouse: a KMS key with rotation, a KMS-encrypted versioned warehouse bucket, a
 * checkpoint bucket, and an access-log bucket, all private and TLS-only. Pipelines add their Glue databases and
 * tables on top (IcebergLakehouse) and get grants on their own prefixes only. Retained unless `retainData` is false.
 */
export class LakehouseStorage extends Construct implements ILakehouseStorage {
  public readonly key: kms.IKey;
  public readonly warehouseBucket: s3.IBucket;
  public readonly checkpointBucket: s3.IBucket;
  public readonly accessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: LakehouseStorageProps) {
    super(scope, id);
    const retain = props.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the Iceberg warehouse and Flink checkpoints of ${props.ownerName}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(retain ? 30 : 7),
    });
    // Pipelines encrypt their log groups (jobs, artifact builds) with the platform's key.
    allowLogGroupEncryption(this.key);
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    // Pipelines' artifact buckets (other stacks) log here too: S3 logging may write for buckets of this account only.
    this.accessLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'PipelineArtifactBucketAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.accessLogsBucket.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    }));
    const bucketProps = (logPrefix: string): s3.BucketProps => ({
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: retain,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: logPrefix,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...(retain ? [{ noncurrentVersionExpiration: Duration.days(30) }] : []),
      ],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    this.warehouseBucket = new s3.Bucket(this, 'Warehouse', bucketProps('warehouse/'));
    this.checkpointBucket = new s3.Bucket(this, 'Checkpoints', bucketProps('checkpoints/'));
    for (const bucket of [this.warehouseBucket, this.checkpointBucket]) {
      acknowledgeGuardRules(bucket, 'Iceberg table maintenance rewrites and expires data files, and Flink deletes old '
        + 'checkpoints: Object Lock would block both. Versioning (where data is retained), KMS encryption and the '
        + 'retained bucket protect the data instead.', [GuardRule.S3_OBJECT_LOCK]);
      acknowledgeGuardRules(bucket, 'Nothing consumes object events of the lakehouse: Iceberg commits are recorded in the '
        + 'Glue catalog and S3 server access logs record every request.', [GuardRule.S3_EVENT_NOTIFICATIONS]);
    }
    if (!retain) {
      for (const bucket of [this.warehouseBucket, this.checkpointBucket]) {
        acknowledgeGuardRules(bucket, 'An environment that does not retain data (retainData: false, dev) empties and deletes '
          + 'these buckets with the stack: object versions would only be deleted with them.', [GuardRule.S3_VERSIONING]);
      }
      acknowledgeStackSingleton(this, 'Custom::S3AutoDeleteObjectsCustomResourceProvider', GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    }
    acknowledgeGuardRules(this.accessLogsBucket, 'The destination of S3 server access logs: S3 log delivery supports only '
      + 'SSE-S3 there, and a log bucket does not log to itself (that would loop).', [GuardRule.S3_KMS, GuardRule.S3_ACCESS_LOGGING]);
    acknowledgeGuardRules(this.accessLogsBucket, 'Access logs expire after 90 days and are written once by S3 log delivery: '
      + 'versions and Object Lock would only keep expired logs, and nothing consumes their object events.', [GuardRule.S3_VERSIONING, GuardRule.S3_OBJECT_LOCK, GuardRule.S3_EVENT_NOTIFICATIONS]);
    allowAlarmNotifications(this.key);
    acknowledgeGuardRules(this.key, GUARD_REASONS.keyPolicyRoot, [GuardRule.KMS_GRANT_FOR_AWS_SERVICES]);
  }
}
