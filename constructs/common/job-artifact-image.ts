import { Annotations, aws_ecr as ecr, aws_iam as iam } from 'aws-cdk-lib';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import { ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { writeRunnerBuildContext } from '../../lib/artifacts/runner-build-context';
import { runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { SQL_RUNNER_IMAGE_JAR_URI } from '../../lib/artifacts/sql-runner-contract';
import { AwsSolutionsFinding, acknowledgeFindings, principalConstruct } from './aws-solutions-findings';

/** Props of JobArtifactImage. */
export interface JobArtifactImageProps {
  /** The pipeline's resolved artifacts (`plan.artifacts`), resolved for the self-hosted flavor. */
  readonly artifacts: ResolvedArtifacts;
  /**
   * Use your own image (`<registry>/<repository>:<tag>` or `@sha256:` digest) instead of building the runner image. It
   * must be based on `artifacts.selfHosted.image` and hold a runner jar at `jarUri`.
   * @default - the runner image, built by the CDK CLI from the generated Dockerfile and pushed to the CDK asset repository
   */
  readonly prebuiltImage?: string;
  /**
   * Path of the job jar in a prebuilt image, as a `local://` URI.
   * @default SQL_RUNNER_IMAGE_JAR_URI (`local:///opt/flink/usrlib/sql-runner.jar`)
   */
  readonly prebuiltJarUri?: string;
  /**
   * The plan whose jobs the image build checks before the image exists (`runner/README.md`, "Build-time check"): the
   * generated scripts, sink table schemas and source topic schemas go into the build context, and the Dockerfile runs
   * the runner's `--check` in the job's own Flink distribution on the build platform. Ignored with `prebuiltImage`.
   * @default - no build-time check (a warning says so)
   */
  readonly plan?: PipelinePlan;
  /**
   * CPU architecture of the built image (the Flink nodes' architecture).
   * @default Platform.LINUX_AMD64
   */
  readonly platform?: Platform;
}

/**
 * The self-hosted flavor's job artifact: a container image FROM the pinned `flink:<patch>-scala_2.12-java<N>` with the
 * SQL runner jar (shaded with the exact resolved connectors) and the S3 file-system plugin. The generated Dockerfile,
 * pom.xml, runner sources and (with `plan`) the build-time check's inputs form a CDK Docker image asset: synth only
 * stages them (no Docker engine needed); the CDK CLI builds the image at deploy time — running the runner's check in
 * the job's own Flink image on the build platform, so a job that cannot plan never gets pushed — and pushes it. Or
 * bring a prebuilt image.
 */
export class JobArtifactImage extends Construct {
  /** Image URI for `FlinkDeployment.spec.image`. */
  public readonly imageUri: string;
  /** `job.jarURI` of the runner inside the image. */
  public readonly jarUri: string;
  /** The built image asset, unless a prebuilt image was given. */
  public readonly asset?: DockerImageAsset;
  /** Repository of the built image, unless a prebuilt image was given. */
  public readonly repository?: ecr.IRepository;

  constructor(scope: Construct, id: string, props: JobArtifactImageProps) {
    super(scope, id);
    if (props.artifacts.selfHosted === undefined) {
      throw new Error('JobArtifactImage needs artifacts resolved for the self-hosted flavor (resolvePlan with Flavor.SELF_HOSTED)');
    }
    for (const warning of props.artifacts.warnings) Annotations.of(this).addWarningV2('event-pipelines:artifacts-unverified', warning);
    if (props.prebuiltImage !== undefined) {
      this.imageUri = props.prebuiltImage;
      this.jarUri = props.prebuiltJarUri ?? SQL_RUNNER_IMAGE_JAR_URI;
      return;
    }
    if (props.plan === undefined) {
      Annotations.of(this).addWarningV2('event-pipelines:artifact-unchecked',
        'the runner image is built without the build-time check (no plan given): a job that cannot plan or load its classes fails only when it runs; pass `plan`');
    }
    this.asset = new DockerImageAsset(this, 'Image', {
      directory: writeRunnerBuildContext(props.artifacts, { checkFiles: props.plan !== undefined ? runnerCheckFiles(props.plan, Flavor.SELF_HOSTED) : undefined }),
      platform: props.platform ?? Platform.LINUX_AMD64,
      displayName: `SQL runner image (Flink ${props.artifacts.flinkPatch})`,
    });
    this.repository = this.asset.repository;
    this.imageUri = this.asset.imageUri;
    this.jarUri = SQL_RUNNER_IMAGE_JAR_URI;
  }

  /** Lets a principal (e.g. the EKS node role) pull the built image. No-op for a prebuilt image. */
  public grantPull(grantee: iam.IGrantable): void {
    if (this.repository === undefined) return;
    this.repository.grantPull(grantee);
    const principal = principalConstruct(grantee);
    if (principal) {
      acknowledgeFindings(principal,
        'ecr:GetAuthorizationToken (granted with the image pull) is authorized on "*" only; the pull actions themselves '
        + 'are scoped to the image\'s repository.',
        [AwsSolutionsFinding.wildcardResource(this, '*')]);
    }
  }
}
