import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { SizingPlan } from '../sizing/sizing-plan';
import { KafkaPlan } from './pipeline-plan';

/** Names of a platform, shared by the platform stacks and every pipeline that targets the platform. */
export interface PlatformNames {
  /** `<platform>-<env>`: prefix of the platform's resource names. */
  readonly prefix: string;
  /** Kafka cluster name (Strimzi `Kafka` name, MSK cluster name). */
  readonly kafkaCluster: string;
  /** Kubernetes namespace of the Kafka cluster, its topics and users (self-hosted). */
  readonly kafkaNamespace: string;
  /** EKS cluster name (self-hosted). */
  readonly eksCluster: string;
  /** Stack name of the platform of a flavor: `<platform>-<env>-<flavor>`. */
  stackName(flavor: Flavor): string;
  /**
   * SSM parameter through which the platform of a flavor publishes a value and pipelines read it:
   * `/event-pipelines/<platform>/<env>/<flavor>/<key>`.
   */
  parameterName(flavor: Flavor, key: string): string;
}

/** A pipeline as the platform sees it: what it adds to the shared capacity. */
export interface HostedPipeline {
  readonly name: string;
  /** Topics the pipeline owns (creates) on the platform's Kafka cluster. */
  readonly topics: readonly string[];
  /** Glue databases the pipeline owns. */
  readonly databases: readonly string[];
  /** Jobs of the pipeline. */
  readonly jobs: readonly string[];
  /** Kubernetes namespaces of the pipeline's producers (self-hosted: the Kafka listener admits them). */
  readonly producerNamespaces: readonly string[];
  /**
   * Owned topics that keep raw records in Kafka tiered storage (`RawRetention.tieredStorage`): the cluster needs it.
   * @default - none
   */
  readonly tieredStorageTopics?: readonly string[];
}

/** Whether any pipeline of the platform keeps a topic's raw records in Kafka tiered storage. */
export function platformNeedsTieredStorage(platform: Pick<PlatformPlan, 'pipelines'>): boolean {
  return platform.pipelines.some((p) => (p.tieredStorageTopics ?? []).length > 0);
}

/**
 * The shared platform of one environment: network, Kafka cluster, Flink runtime and lakehouse storage, sized once
 * for every pipeline declared for it. Computed once, flavor-neutral, like the pipeline plan; each flavor's platform
 * stack renders it.
 */
export interface PlatformPlan {
  readonly platformName: string;
  readonly environment: PipelineEnvironment;
  /** Flavors the platform is deployed as. */
  readonly flavors: readonly Flavor[];
  readonly names: PlatformNames;
  /** Broker settings, the same for every pipeline. */
  readonly kafka: KafkaPlan;
  /** Pipelines declared for the platform, in declaration order. */
  readonly pipelines: readonly HostedPipeline[];
  /**
   * Capacity of the shared Kafka cluster and node groups: every declared pipeline's topics and jobs, plus the
   * environment's `platform.headroom`. `jobs` are named `<pipeline>/<job>`.
   */
  readonly sizing: SizingPlan;
}
