import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { KafkaClusterChart, KafkaPoolSize } from '../../../charts/kafka/kafka-cluster-chart';
import { STRIMZI_1_2 } from '../../../lib/catalog/strimzi-release';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { PlatformNames, PlatformPlan } from '../../../lib/plan/platform-plan';
import { strimziScramClientProperties } from '../../../lib/sql/kafka-client-properties';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';

/** Props of StrimziKafka. */
export interface StrimziKafkaProps {
  /** The platform plan: Kafka settings, sizing, environment. */
  readonly platform: PlatformPlan;
  /** Where the charts are applied. */
  readonly manifests: KubernetesManifests;
  /** The Strimzi Helm release (installs the Kafka, KafkaNodePool, KafkaTopic and KafkaUser CRDs). */
  readonly operator: IDependable;
  /** What else must exist first: the namespace, the storage class. */
  readonly dependsOn: IDependable[];
  /** Storage class of the broker and controller volumes. */
  readonly storageClass: string;
  /** Namespaces whose pods may connect (the pipelines', the session-cluster tenants'). */
  readonly clientNamespaces: string[];
}

/** How pipelines reach a platform's Strimzi Kafka: derived from the platform's names only. */
export function strimziConnection(names: PlatformNames): KafkaClientConnection {
  return {
    bootstrapServers: `${names.kafkaCluster}-kafka-bootstrap.${names.kafkaNamespace}.svc:${KafkaClusterChart.TLS_PORT}`,
    properties: strimziScramClientProperties(),
  };
}

/** The Secret with the cluster CA certificate (`ca.crt`) Strimzi writes next to the cluster. */
export function strimziClusterCaSecret(names: PlatformNames): string {
  return `${names.kafkaCluster}-cluster-ca-cert`;
}

/**
 * The platform's Kafka on Strimzi, from the platform plan: the cluster (KRaft; dedicated controllers in
 * production-like environments, one dual-role pool in a small development cluster), in the platform's Kafka
 * namespace, sized for every pipeline declared for the platform. Pipelines add their topics and users. Where data is
 * retained, the chart is never pruned or deleted by the deployment and volume claims outlive their pools.
 */
export class StrimziKafka extends Construct {
  /** Bootstrap servers and the SCRAM/TLS client properties the jobs use. */
  public readonly connection: KafkaClientConnection;
  /** Secret with the cluster CA certificate (`ca.crt`) that clients trust. */
  public readonly clusterCaSecretName: string;
  public readonly clusterManifest: eks.KubernetesManifest;
  public readonly clusterChart: KafkaClusterChart;

  constructor(scope: Construct, id: string, props: StrimziKafkaProps) {
    super(scope, id);
    const { platform } = props;
    const sizing = platform.sizing.kafka.selfHosted;
    const retain = platform.environment.retainData;
    const brokers: KafkaPoolSize = { replicas: sizing.brokers, resources: sizing.broker, storage: Size.gibibytes(sizing.storagePerBrokerGiB) };
    // A dual-role pool is the small development setup; anything production-like separates the controller quorum.
    const dualRole = !platform.environment.production && sizing.brokers < 3;
    const controllers: KafkaPoolSize | undefined = dualRole ? undefined : { replicas: sizing.controllers, resources: sizing.controller, storage: KafkaClusterChart.CONTROLLER_STORAGE };

    this.clusterChart = new KafkaClusterChart(props.manifests.app, 'kafka-cluster', {
      clusterName: platform.names.kafkaCluster,
      namespace: platform.names.kafkaNamespace,
      kafkaVersion: platform.environment.selfHosted.kafkaVersion ?? STRIMZI_1_2.defaultKafkaVersion,
      brokers,
      controllers,
      config: platform.kafka.serverProperties,
      storageClass: props.storageClass,
      deleteClaims: !retain,
      plainListener: platform.environment.selfHosted.kafkaPlainListener ?? false,
      clientNamespaces: props.clientNamespaces,
    });
    this.clusterManifest = props.manifests.apply(this.clusterChart, {
      dependsOn: [props.operator, ...props.dependsOn],
      prune: !retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.clusterCaSecretName = strimziClusterCaSecret(platform.names);
    this.connection = strimziConnection(platform.names);
  }
}
