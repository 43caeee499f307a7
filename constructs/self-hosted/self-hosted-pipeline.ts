import { RemovalPolicy } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KUBECTL_IMAGE } from './platform/eks-platform';
import { Construct } from 'constructs';
import { KafkaProducersChart } from '../../charts/kafka/kafka-producers-chart';
import { KafkaTopicsChart } from '../../charts/kafka/kafka-topics-chart';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { PlatformNames } from '../../lib/plan/platform-plan';
import { ownedTopics } from '../../lib/plan/resolve-topics';
import { throwIfProblems } from '../../lib/validation/validation-problem';
import { IcebergLakehouse } from '../common/iceberg-lakehouse';
import { grantSchemaRegister } from '../common/glue-schema-registry';
import { JobArtifactImage } from '../common/job-artifact-image';
import { LOAD_GENERATOR_UNIT, ResourceShards } from '../common/resource-shards';
import { FlinkSessionClusters } from './flink/flink-session-clusters';
import { DeployedJob, FlinkWorkloadProps, JobKafka, SelfHostedFlinkJobs } from './flink/self-hosted-flink-jobs';
import { strimziConnection } from './kafka/strimzi-kafka';
import { KubernetesManifests } from './manifests/kubernetes-manifests';
import { JobSignalRules, SelfHostedPipelineMonitoring } from './observability/self-hosted-pipeline-monitoring';
import { amiTypeOf } from './platform/node-groups';
import { kafkaCaBundleName } from './self-hosted-platform';
import { validateSelfHostedPlan } from './validation/self-hosted-plan-rules';

/** What a pipeline needs of its self-hosted platform (imported by name, or the platform's own constructs). */
export interface SelfHostedPlatformAccess {
  /** The EKS cluster, with a kubectl provider to apply manifests through. */
  readonly cluster: eks.ICluster;
  /** The cluster's IAM OIDC provider (IRSA). */
  readonly oidcProvider: iam.IOidcProvider;
  /** The platform's names: Kafka cluster and namespace. */
  readonly names: PlatformNames;
  /**
   * ARN of the platform's Amazon Managed Prometheus workspace, where the pipeline's alert rules go.
   * @default - none; required when the environment's monitoring is `amazon-managed-prometheus`
   */
  readonly prometheusWorkspaceArn?: string;
}

/** Props of SelfHostedPipeline. */
export interface SelfHostedPipelineProps {
  /** The resolved plan (resolved for the self-hosted flavor). */
  readonly plan: PipelinePlan;
  /** The platform the pipeline runs on. */
  readonly platform: SelfHostedPlatformAccess;
  /** The pipeline's Glue catalog and grants on the platform's lakehouse storage. */
  readonly lakehouse: IcebergLakehouse;
  /**
   * A prebuilt runner image instead of building one from the plan's artifacts.
   * @default - the runner image built from the plan's artifacts (see JobArtifactImage)
   */
  readonly prebuiltImage?: string;
  /**
   * Resources one stack may hold before further jobs go into nested stacks.
   * @default 250
   */
  readonly resourcesPerStack?: number;
}

/** Kubernetes manifest bytes one stack takes before jobs go into a nested stack (deploy-time values grow them). */
const MANIFEST_BYTES_PER_STACK = 256 * 1024;

/** Topics per KafkaTopic chart: one applied manifest stays far below the kubectl handler's request limit. */
const TOPICS_PER_CHART = 100;

/**
 * A pipeline on a self-hosted platform: its topics (KafkaTopics in the platform's Kafka namespace), the runner image,
 * and its Flink jobs in its own namespace, each with its own Kafka principal and IAM role, plus its session-cluster
 * jobs. Everything is applied through the platform's kubectl provider and written as YAML under
 * `cdk.out/k8s/<stack>/`; jobs spill into nested stacks when one stack would pass CloudFormation's limits.
 */
export class SelfHostedPipeline extends Construct {
  /**
   * Image that submits scheduled batch runs (`kubectl` is its entry point; its minor matches the cluster's). Published
   * by the Kubernetes release process; the tag is not verified offline — pin a digest in production.
   */
  public static readonly KUBECTL_IMAGE = KUBECTL_IMAGE;

  /** Applies the pipeline's topic and session charts (jobs have one per shard). */
  public readonly manifests: KubernetesManifests;
  public readonly image: JobArtifactImage;
  /** The Flink jobs, one group per stack they were placed in. */
  public readonly flink: readonly SelfHostedFlinkJobs[];
  /** Session clusters of the environment's tenants that run this pipeline's session jobs. */
  public readonly sessionClusters: FlinkSessionClusters;
  /** The topic manifests. */
  public readonly topics: eks.KubernetesManifest[] = [];
  /** The platform's Kafka as the jobs reach it. */
  public readonly kafka: JobKafka;
  /** The producers' Kafka principals (none without producers). */
  public readonly producers?: eks.KubernetesManifest;
  /** The pipeline's signals as alerts, per the environment's `selfHosted.monitoring`. */
  public readonly monitoring: SelfHostedPipelineMonitoring;

  constructor(scope: Construct, id: string, props: SelfHostedPipelineProps) {
    super(scope, id);
    const { plan, platform } = props;
    throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)} on the self-hosted flavor`, validateSelfHostedPlan(plan));
    const options = plan.environment.selfHosted;
    const retain = plan.environment.retainData;
    this.manifests = new KubernetesManifests(this, 'Manifests', { cluster: platform.cluster });

    const owned = ownedTopics(plan.topics);
    for (let i = 0; i < owned.length; i += TOPICS_PER_CHART) {
      const name = i === 0 ? 'kafka-topics' : `kafka-topics-${i / TOPICS_PER_CHART + 1}`;
      this.topics.push(this.manifests.apply(
        new KafkaTopicsChart(this.manifests.app, name, { clusterName: platform.names.kafkaCluster, namespace: platform.names.kafkaNamespace, topics: owned.slice(i, i + TOPICS_PER_CHART) }),
        { prune: !retain, removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY },
      ));
    }
    // Built for the Flink nodes' architecture (Graviton nodes run arm64 images).
    const arm = amiTypeOf(plan.sizing.nodeGroups.flink.instanceType) === eks.NodegroupAmiType.AL2023_ARM_64_STANDARD;
    this.image = new JobArtifactImage(this, 'RunnerImage', {
      artifacts: plan.artifacts,
      plan,
      prebuiltImage: props.prebuiltImage,
      platform: arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    });
    this.kafka = {
      connection: strimziConnection(platform.names),
      clusterName: platform.names.kafkaCluster,
      namespace: platform.names.kafkaNamespace,
      caConfigMapName: kafkaCaBundleName(platform.names.kafkaCluster),
    };
    const workloads: FlinkWorkloadProps = {
      plan,
      oidcProvider: platform.oidcProvider,
      lakehouse: props.lakehouse,
      kafka: this.kafka,
      image: this.image.imageUri,
      dependsOn: this.topics,
      kubectlImage: SelfHostedPipeline.KUBECTL_IMAGE,
    };
    this.monitoring = new SelfHostedPipelineMonitoring(this, 'Monitoring', { plan, platform: platform.names, manifests: this.manifests, workspaceArn: platform.prometheusWorkspaceArn });
    // Each shard's jobs get their alert rules in the same shard (templates stay under CloudFormation's limits).
    const rules = new Map<SelfHostedFlinkJobs, JobSignalRules>();
    const shards = new ResourceShards({
      scope: this,
      id: 'JobPart',
      budget: props.resourcesPerStack,
      createShard: (shardScope, index) => {
        const manifests = index === 1 ? this.manifests : new KubernetesManifests(shardScope, 'Manifests', { cluster: platform.cluster });
        const flink = new SelfHostedFlinkJobs(shardScope, 'Flink', { ...workloads, manifests });
        rules.set(flink, this.monitoring.jobRules(shardScope, manifests));
        return flink;
      },
      // Manifests are inlined in the template, which CloudFormation takes up to 1 MB.
      // The jobs' alert rules (a rule groups namespace with Amazon Managed Prometheus) are inlined there too.
      isFull: (shard) => shard.manifests.appliedBytes + (rules.get(shard)?.bytes ?? 0) > MANIFEST_BYTES_PER_STACK,
    });
    const sessionJobs = new Set(Object.keys(options.sessionJobs ?? {}));
    const generator = plan.loadGenerator;
    shards.addAll([
      ...plan.jobs.filter((j) => !sessionJobs.has(j.name)).map((job) => ({
        key: job.name,
        build: (shard: SelfHostedFlinkJobs) => {
          shard.addJob(job);
          rules.get(shard)?.addJob(job);
        },
      })),
      ...(generator === undefined ? [] : [{ key: LOAD_GENERATOR_UNIT, build: (shard: SelfHostedFlinkJobs) => { shard.addLoadGenerator(generator); } }]),
    ]);
    this.flink = shards.shards;
    this.sessionClusters = new FlinkSessionClusters(this, 'SessionClusters', { ...workloads, manifests: this.manifests });
    const sessionRules = this.monitoring.jobRules(this, this.manifests);
    for (const job of plan.jobs.filter((j) => sessionJobs.has(j.name))) sessionRules.addJob(job);
    if (plan.producers.length > 0) {
      this.producers = this.manifests.apply(new KafkaProducersChart(this.manifests.app, 'kafka-producers', {
        clusterName: platform.names.kafkaCluster,
        namespace: platform.names.kafkaNamespace,
        pipeline: plan.pipelineName,
        producers: plan.producers,
      }), { dependsOn: this.topics });
    }
    // Producers reach the Glue Schema Registry through IAM, whatever authenticates them to Kafka.
    for (const p of plan.producers) if (p.roleArn !== undefined) grantSchemaRegister(iam.Role.fromRoleArn(this, `Producer-${p.name}-Role`, p.roleArn), plan, p.topics);
  }

  /** Every deployed job, whichever stack it was placed in. */
  public get jobs(): DeployedJob[] {
    return this.flink.flatMap((group) => group.jobs);
  }
}
