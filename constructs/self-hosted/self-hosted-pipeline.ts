import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NamespacesChart } from '../../charts/namespaces-chart';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { throwIfProblems } from '../../lib/validation/validation-problem';
import { IcebergLakehouse } from '../common/iceberg-lakehouse';
import { JobArtifactImage } from '../common/job-artifact-image';
import { FlinkSessionClusters, KAFKA_CA_NAMESPACE_LABEL } from './flink/flink-session-clusters';
import { FlinkWorkloadProps, SelfHostedFlinkJobs } from './flink/self-hosted-flink-jobs';
import { KubernetesOperators } from './helm/kubernetes-operators';
import { StrimziKafka } from './kafka/strimzi-kafka';
import { EksPlatform } from './platform/eks-platform';
import { amiTypeOf } from './platform/node-groups';
import { validateSelfHostedPlan } from './validation/self-hosted-plan-rules';

/** Props of SelfHostedPipeline. */
export interface SelfHostedPipelineProps {
  /** The resolved plan (resolved for the self-hosted flavor). */
  readonly plan: PipelinePlan;
  /** The pipeline VPC. */
  readonly vpc: ec2.IVpc;
  /** The lakehouse the jobs write. */
  readonly lakehouse: IcebergLakehouse;
  /**
   * A prebuilt runner image instead of building one from the plan's artifacts.
   * @default - the runner image built from the plan's artifacts (see JobArtifactImage)
   */
  readonly prebuiltImage?: string;
}

/**
 * The self-hosted flavor of a plan: the EKS platform, the pipeline's namespaces, cert-manager, the Flink Kubernetes
 * Operator and Strimzi, the Kafka cluster and topics, the runner image, and the Flink jobs — each Kubernetes object
 * applied after the Helm release that installs its CRD, and written as YAML under `cdk.out/k8s/<stack>/`.
 */
export class SelfHostedPipeline extends Construct {
  /**
   * Image that submits scheduled batch runs (`kubectl` is its entry point; its minor matches the cluster's). Published
   * by the Kubernetes release process; the tag is not verified offline — pin a digest in production.
   */
  public static readonly KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.1';

  public readonly platform: EksPlatform;
  public readonly operators: KubernetesOperators;
  public readonly kafka: StrimziKafka;
  public readonly image: JobArtifactImage;
  public readonly flink: SelfHostedFlinkJobs;
  /** Session clusters of the environment's tenants (none unless `selfHosted.sessionClusterTenants` is set). */
  public readonly sessionClusters: FlinkSessionClusters;
  /** The manifest that creates the pipeline's and the tenants' namespaces. */
  public readonly namespaces: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: SelfHostedPipelineProps) {
    super(scope, id);
    const { plan } = props;
    throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)} on the self-hosted flavor`, validateSelfHostedPlan(plan));
    const options = plan.environment.selfHosted;
    const tenants = options.sessionClusterTenants ?? [];
    const namespace = plan.names.namespace;

    this.platform = new EksPlatform(this, 'Eks', {
      vpc: props.vpc,
      clusterName: plan.names.stackName(Flavor.SELF_HOSTED),
      availabilityZones: plan.environment.availabilityZones,
      nodeGroups: plan.sizing.nodeGroups,
      publicAccessCidrs: options.eksPublicAccessCidrs,
      adminRole: options.clusterAdminRoleArn === undefined ? undefined : iam.Role.fromRoleArn(this, 'AdminRole', options.clusterAdminRoleArn, { mutable: false }),
      retainData: plan.environment.retainData,
    });
    const { manifests } = this.platform;
    this.namespaces = manifests.apply(new NamespacesChart(manifests.app, 'namespaces', {
      namespaces: [{ name: namespace }, ...tenants.map((name) => ({ name, labels: { [KAFKA_CA_NAMESPACE_LABEL]: plan.names.kafkaCluster } }))],
      labels: { 'app.kubernetes.io/part-of': plan.pipelineName },
    }));
    this.operators = new KubernetesOperators(this, 'Operators', {
      cluster: this.platform.cluster,
      watchNamespaces: [namespace, ...tenants],
      dependsOn: [this.platform.nodeGroups.system, this.namespaces],
    });
    this.kafka = new StrimziKafka(this, 'Kafka', {
      plan,
      manifests,
      operator: this.operators.strimzi.chart,
      dependsOn: [this.namespaces, this.platform.storageClass],
      storageClass: EksPlatform.STORAGE_CLASS,
      clientNamespaces: [namespace, ...tenants],
    });
    // Built for the Flink nodes' architecture (Graviton nodes run arm64 images).
    const arm = amiTypeOf(plan.sizing.nodeGroups.flink.instanceType) === eks.NodegroupAmiType.AL2023_ARM_64_STANDARD;
    this.image = new JobArtifactImage(this, 'RunnerImage', {
      artifacts: plan.artifacts,
      plan,
      prebuiltImage: props.prebuiltImage,
      platform: arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    });
    this.image.grantPull(this.platform.nodeGroups.flink.role);
    const workloads: FlinkWorkloadProps = {
      plan,
      manifests,
      oidcProvider: this.platform.oidcProvider,
      lakehouse: props.lakehouse,
      kafka: { connection: this.kafka.connection, clusterCaSecretName: this.kafka.clusterCaSecretName, manifest: this.kafka.clusterManifest },
      image: this.image.imageUri,
      operator: this.operators.flink.chart,
      dependsOn: [this.namespaces],
      kubectlImage: SelfHostedPipeline.KUBECTL_IMAGE,
    };
    this.flink = new SelfHostedFlinkJobs(this, 'Flink', { ...workloads, excludeJobs: Object.keys(options.sessionJobs ?? {}) });
    this.sessionClusters = new FlinkSessionClusters(this, 'SessionClusters', {
      ...workloads,
      cluster: this.platform.cluster,
      certManager: this.operators.certManager.chart,
    });
  }
}
