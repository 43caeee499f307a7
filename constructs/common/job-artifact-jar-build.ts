import {
  Annotations, ArnFormat, CustomResource, Duration, Stack, aws_codebuild as codebuild, aws_iam as iam, aws_kms as kms, aws_lambda as lambda,
  aws_logs as logs, aws_s3 as s3,
} from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from './guard-findings';
import { flinkDistribution } from '../../lib/catalog/artifact-catalog';
import { JavaVersion } from '../../lib/catalog/java-version';
import { ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { writeRunnerBuildContext } from '../../lib/artifacts/runner-build-context';
import { RUNNER_CHECK_MANIFEST, runnerCheckCommand, runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { SQL_RUNNER_JAR_NAME } from '../../lib/artifacts/sql-runner-contract';
import { AwsSolutionsFinding, acknowledgeFindings } from './aws-solutions-findings';
import { logWriterRole } from './log-writer-role';
import { acknowledgeProviderFramework, providerFrameworkRoles } from './provider-framework-findings';

/** Where the built jars live in the bucket: `sql-runner/<content hash of the build context>.jar`. */
const JAR_PREFIX = 'sql-runner/';

/** Props of JobArtifactJarBuild. */
export interface JobArtifactJarBuildProps {
  /** The resolved artifacts: the recipe (pom.xml) and the runner Java. */
  readonly artifacts: ResolvedArtifacts;
  /**
   * The plan whose jobs the build checks, after packaging and before the jar is written to the bucket.
   * @default - no build-time check (a warning says so)
   */
  readonly plan?: PipelinePlan;
  /**
   * Where the check downloads `flink-<patch>-bin-scala_2.12.tgz` (e.g. a mirror you run); Apache's SHA-512 is read
   * from `<url>.sha512` next to it.
   * @default - the Apache archive (`flinkDistribution(patch).url`)
   */
  readonly flinkDistributionUrl?: string;
  /** Bucket the jar is written to. */
  readonly bucket: s3.IBucket;
  /**
   * Longest time the Maven build may take.
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;
  /**
   * Key CodeBuild encrypts the build's output with.
   * @default - CodeBuild's AWS managed key for S3
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The build-time check of the packaged jar (`runner/README.md`): the same Flink version's binary distribution from the
 * Apache archive, verified against Apache's SHA-512, then `flink run --target local … --check` with the jar as the user
 * jar (the distribution's `lib/` parent-first, the jar through Flink's user-code class loader).
 */
export function runnerCheckCommands(flinkPatch: string, distributionUrl?: string): string[] {
  const dist = flinkDistribution(flinkPatch);
  const url = distributionUrl ?? dist.url;
  return [
    `curl -fsSL --retry 3 -o /tmp/${dist.fileName} ${url}`,
    `curl -fsSL --retry 3 -o /tmp/${dist.fileName}.sha512 ${url}.sha512`,
    `(cd /tmp && sha512sum -c ${dist.fileName}.sha512)`,
    `tar -xzf /tmp/${dist.fileName} -C /tmp`,
    runnerCheckCommand(`/tmp/${dist.directory}`, `"$CODEBUILD_SRC_DIR/target/${SQL_RUNNER_JAR_NAME}"`, `"$CODEBUILD_SRC_DIR/${RUNNER_CHECK_MANIFEST}"`),
  ];
}

/**
 * Builds the SQL runner jar at DEPLOY time, in AWS: the build context (generated `pom.xml` + runner sources) is a plain
 * S3 asset — staged and hashed at synth, no Docker needed — and a custom resource runs a CodeBuild project that
 * builds it with Maven, runs the runner's build-time check in the same Flink version's distribution (with `plan`;
 * `runnerCheckCommands`) and writes `sql-runner/<source hash>.jar` to the bucket, waiting until the build succeeded
 * (a failed build fails the deployment with the build's log link). A new recipe or source gives a new key, so the
 * applications that read `objectKey` are updated with the new jar. When the key is in the bucket already, nothing is
 * built (see `job-artifact-jar-build/handler.ts`): an Update rollback, which sends the previous properties, reuses the
 * jar the previous deployment built instead of running Maven again.
 *
 * Why not a CDK asset with Docker bundling: `cdk synth` bundles every stack, so bundling would need a Docker engine on
 * every machine that synthesizes (CI, this offline machine); the deploy-time build keeps synth offline.
 */
export class JobArtifactJarBuild extends Construct {
  /** Key of the built jar in the bucket (resolves once the build succeeded: using it orders resources after the build). */
  public readonly objectKey: string;
  public readonly project: codebuild.Project;

  constructor(scope: Construct, id: string, props: JobArtifactJarBuildProps) {
    super(scope, id);
    const checkFiles = props.plan !== undefined ? runnerCheckFiles(props.plan, Flavor.MANAGED) : undefined;
    if (checkFiles === undefined) {
      Annotations.of(this).addWarningV2('event-pipelines:artifact-unchecked',
        'the runner jar is built without the build-time check (no plan given): a job that cannot plan or load its classes fails only when it runs; pass `plan`');
    }
    const source = new Asset(this, 'Source', { path: writeRunnerBuildContext(props.artifacts, { checkFiles }) });
    const key = `${JAR_PREFIX}${source.assetHash}.jar`;
    const jdk = Math.max(JavaVersion.JAVA_17.release, props.artifacts.runnerJava.release);
    this.project = new codebuild.Project(this, 'Project', {
      description: `Builds the SQL runner jar (Flink ${props.artifacts.flinkPatch}, ${props.artifacts.runnerJava}) from its generated pom.xml`,
      source: codebuild.Source.s3({ bucket: source.bucket, path: source.s3ObjectKey }),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.MEDIUM },
      environmentVariables: {
        OUTPUT_BUCKET: { value: props.bucket.bucketName },
        OUTPUT_KEY: { value: key },
      },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          install: { 'runtime-versions': { java: `corretto${jdk}` } },
          build: {
            // A failing command fails the build: the jar is uploaded only after the check passed.
            commands: [
              'mvn -B -ntp package -DskipTests',
              ...(checkFiles !== undefined ? runnerCheckCommands(props.artifacts.flinkPatch, props.flinkDistributionUrl) : []),
              `aws s3 cp target/${SQL_RUNNER_JAR_NAME} "s3://$OUTPUT_BUCKET/$OUTPUT_KEY"`,
            ],
          },
        },
      }),
      timeout: props.timeout ?? Duration.minutes(30),
      logging: { cloudWatch: { logGroup: new logs.LogGroup(this, 'BuildLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: props.encryptionKey }) } },
      encryptionKey: props.encryptionKey,
    });
    this.grantJarUpload(props.bucket, key);
    this.acknowledgeProjectFindings(props.encryptionKey !== undefined);

    const code = lambda.Code.fromAsset(join(__dirname, 'job-artifact-jar-build', 'runtime'));
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: props.encryptionKey });
    const common = { code, runtime: lambda.Runtime.NODEJS_24_X, timeout: Duration.minutes(1), memorySize: 256, logGroup };
    const onEvent = new lambda.Function(this, 'OnEvent', {
      ...common,
      handler: 'index.onEvent',
      description: 'Starts the SQL runner jar build unless the jar of these build inputs exists',
      role: logWriterRole(this, 'OnEventRole', logGroup, 'Starts the SQL runner jar build unless the jar of these build inputs exists'),
    });
    const isComplete = new lambda.Function(this, 'IsComplete', {
      ...common,
      handler: 'index.isComplete',
      description: 'Waits for the SQL runner jar build',
      role: logWriterRole(this, 'IsCompleteRole', logGroup, 'Waits for the SQL runner jar build'),
    });
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:StartBuild'], resources: [this.project.projectArn] }));
    // The look for an existing jar (HeadObject): every built jar, not just this key, so that a rollback to an earlier
    // key is allowed whatever order CloudFormation restores the policy in; ListBucket makes a missing key a 404.
    const jars = props.bucket.arnForObjects(`${JAR_PREFIX}*`);
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [jars] }));
    onEvent.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }));
    if (onEvent.role !== undefined) {
      acknowledgeFindings(onEvent.role, 'The jar build\'s onEvent handler looks up (HeadObject) whether the jar of the '
        + 'build inputs exists under sql-runner/ of the build\'s own bucket, whichever jar a rollback asks for; it reads no other prefix.',
      [AwsSolutionsFinding.wildcardResource(this, jars)]);
    }
    isComplete.addToRolePolicy(new iam.PolicyStatement({ actions: ['codebuild:BatchGetBuilds'], resources: [this.project.projectArn] }));
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(20),
      totalTimeout: (props.timeout ?? Duration.minutes(30)).plus(Duration.minutes(5)),
      ...providerFrameworkRoles(this, { waits: true, logEncryptionKey: props.encryptionKey }),
    });
    acknowledgeProviderFramework(provider);
    for (const fn of [onEvent, isComplete]) acknowledgeGuardRules(fn, GUARD_REASONS.deployTimeHandler, [GuardRule.LAMBDA_IN_VPC]);
    acknowledgeGuardRules(logGroup, GUARD_REASONS.handlerLogs, [GuardRule.LOG_RETENTION_ONE_YEAR]);
    const buildLogs = this.node.tryFindChild('BuildLogs');
    if (buildLogs !== undefined) {
      acknowledgeGuardRules(buildLogs, 'Logs of the jar build (Maven output), kept a month: the jar is rebuilt from the '
        + 'recipe on every change, and the audit trail is CloudTrail.', [GuardRule.LOG_RETENTION_ONE_YEAR]);
    }
    if (props.encryptionKey !== undefined) {
      for (const group of [logGroup, buildLogs]) if (group !== undefined) acknowledgeGuardRules(group, GUARD_REASONS.platformKeyFromSsm, [GuardRule.LOG_GROUP_KMS]);
    }
    const build = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SqlRunnerJarBuild',
      properties: { ProjectName: this.project.projectName, BucketName: props.bucket.bucketName, ObjectKey: key, SourceHash: source.assetHash },
    });
    this.objectKey = build.getAttString('ObjectKey');
  }

  /** The build may write the jar's key (a single or multipart upload) and nothing else in the bucket. */
  private grantJarUpload(bucket: s3.IBucket, key: string): void {
    iam.Grant.addToPrincipal({ grantee: this.project, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resourceArns: [bucket.arnForObjects(key)] });
    bucket.encryptionKey?.grant(this.project, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /** What the CodeBuild project construct grants its role by itself. */
  private acknowledgeProjectFindings(encrypted: boolean): void {
    const stack = Stack.of(this);
    acknowledgeFindings(this.project,
      'The S3 source of the CodeBuild project construct grants read of the build context: the CDK asset bucket and the '
      + 'one source archive, nothing else of the bucket.',
      ['s3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => AwsSolutionsFinding.wildcardAction(action)));
    acknowledgeFindings(this.project,
      'The CodeBuild project construct always grants its default log group /aws/codebuild/<project> and that group\'s '
      + 'streams; the build logs to its own BuildLogs group.',
      [AwsSolutionsFinding.wildcardResource(this, stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: `/aws/codebuild/${this.project.projectName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }))]);
    acknowledgeFindings(this.project,
      'The CodeBuild project construct always grants the report groups named after this project (<project>-*); the '
      + 'build publishes no reports.',
      [AwsSolutionsFinding.wildcardResource(this, stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${this.project.projectName}-*` }))]);
    if (!encrypted) return;
    acknowledgeFindings(this.project,
      'The CodeBuild project construct grants its encryption key the way CodeBuild documents it for the service role '
      + '(Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*), on that one key.',
      ['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => AwsSolutionsFinding.wildcardAction(action)));
  }
}
