import { Annotations, Duration, RemovalPolicy, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules, acknowledgeStackSingleton } from './guard-findings';
import { ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { JobArtifactJarBuild } from './job-artifact-jar-build';

/** Where a prebuilt runner jar comes from, instead of the build from the generated recipe. */
export class PrebuiltJar {
  /** A jar file on the synthesizing machine, uploaded as a CDK file asset (no bundling). */
  public static fromFile(path: string): PrebuiltJar {
    return new PrebuiltJar((scope) => {
      const asset = new Asset(scope, 'Prebuilt', { path });
      return { bucket: asset.bucket, key: asset.s3ObjectKey };
    });
  }

  /** A jar already in S3. */
  public static fromBucket(bucket: s3.IBucket, key: string): PrebuiltJar {
    return new PrebuiltJar(() => ({ bucket, key }));
  }

  private constructor(public readonly bind: (scope: Construct) => { readonly bucket: s3.IBucket; readonly key: string }) {}
}

/** Props of JobArtifactJar. */
export interface JobArtifactJarProps {
  /** The pipeline's resolved artifacts (`plan.artifacts`). */
  readonly artifacts: ResolvedArtifacts;
  /**
   * Use your own jar instead of building the SQL runner from the generated recipe. It must contain a main class that
   * reads the runner's inputs (see `lib/artifacts/sql-runner-contract.ts`) and target the runtime's Java.
   * @default - the SQL runner, built at deploy time by JobArtifactJarBuild
   */
  readonly prebuilt?: PrebuiltJar;
  /**
   * The plan whose jobs the deploy-time build checks before the jar is published (`runner/README.md`, "Build-time
   * check"). Ignored with `prebuilt`.
   * @default - no build-time check (a warning says so)
   */
  readonly plan?: PipelinePlan;
  /**
   * Where the build-time check downloads the Flink distribution (`JobArtifactJarBuildProps.flinkDistributionUrl`).
   * @default - the Apache archive
   */
  readonly flinkDistributionUrl?: string;
  /**
   * Longest time the deploy-time Maven build may take.
   * @default Duration.minutes(30)
   */
  readonly buildTimeout?: Duration;
  /**
   * Key the deploy-time build encrypts its output with, and the jar bucket's default encryption (e.g. the lakehouse
   * key).
   * @default - CodeBuild's AWS managed key for S3; the bucket on SSE-S3
   */
  readonly buildEncryptionKey?: kms.IKey;
  /**
   * Bucket that receives the server access logs of the jar bucket (e.g. the lakehouse's access-log bucket).
   * @default - no server access logs
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The managed flavor's job artifact: the SQL runner jar in S3, for every MSF application of the pipeline. By default
 * it is built at deploy time from the generated `pom.xml` (exact coordinates of the resolved catalog, compiled for the
 * runner's Java) into a private, encrypted bucket of its own; or it is a prebuilt jar you bring.
 */
export class JobArtifactJar extends Construct {
  /** Bucket of the jar. */
  public readonly bucket: s3.IBucket;
  /** Key of the jar (a token that resolves after the deploy-time build succeeded). */
  public readonly key: string;
  /** The deploy-time build, unless a prebuilt jar was given. */
  public readonly build?: JobArtifactJarBuild;

  constructor(scope: Construct, id: string, props: JobArtifactJarProps) {
    super(scope, id);
    for (const warning of props.artifacts.warnings) Annotations.of(this).addWarningV2('event-pipelines:artifacts-unverified', warning);
    if (props.prebuilt !== undefined) {
      const jar = props.prebuilt.bind(this);
      this.bucket = jar.bucket;
      this.key = jar.key;
      return;
    }
    // Build output only: reproducible from the recipe, so it does not outlive the stack.
    const key = props.buildEncryptionKey;
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...(key === undefined ? { encryption: s3.BucketEncryption.S3_MANAGED } : { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true }),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? 'job-artifact/' : undefined,
    });
    this.bucket = bucket;
    acknowledgeGuardRules(bucket, 'Build output only, reproducible from the recipe and deleted with the stack: Object Lock '
      + 'would keep superseded jars, and nothing consumes its object events.', [GuardRule.S3_OBJECT_LOCK, GuardRule.S3_EVENT_NOTIFICATIONS]);
    if (key === undefined) {
      acknowledgeGuardRules(bucket, 'Without a key given (buildEncryptionKey), the build output (open-source dependencies and '
        + 'our runner, reproducible) is encrypted with SSE-S3.', [GuardRule.S3_KMS]);
    }
    if (props.serverAccessLogsBucket !== undefined) {
      acknowledgeGuardRules(bucket, 'Server access logs go to the platform\'s access-log bucket, whose name the pipeline reads '
        + 'from an SSM parameter at deploy time: guard cannot resolve the parameter, the template sets LoggingConfiguration.', [GuardRule.S3_ACCESS_LOGGING]);
    }
    acknowledgeStackSingleton(this, 'Custom::S3AutoDeleteObjectsCustomResourceProvider', GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    this.build = new JobArtifactJarBuild(this, 'Build', {
      artifacts: props.artifacts,
      plan: props.plan,
      flinkDistributionUrl: props.flinkDistributionUrl,
      bucket,
      timeout: props.buildTimeout,
      encryptionKey: props.buildEncryptionKey,
    });
    this.key = this.build.objectKey;
  }

  /** Lets a principal (an MSF service role) read the jar. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee);
  }
}
