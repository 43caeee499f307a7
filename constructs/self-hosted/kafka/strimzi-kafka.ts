import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { KafkaClusterChart, KafkaPoolSize } from '../../../charts/kafka/kafka-cluster-chart';
import { KafkaTopicsChart } from '../../../charts/kafka/kafka-topics-chart';
import { STRIMZI_1_2 } from '../../../lib/catalog/strimzi-release';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { strimziTlsClientProperties } from '../../../lib/sql/kafka-client-properties';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';

/** Props of StrimziKafka. */
export interface StrimziKafkaProps {
  /** The plan: Kafka settings, topics, sizing, environment. */
  readonly plan: PipelinePlan;
  /** Where the charts are applied. */
  readonly manifests: KubernetesManifests;
  /** The Strimzi Helm release (installs the Kafka, KafkaNodePool and KafkaTopic CRDs). */
  readonly operator: IDependable;
  /** What else must exist first: the namespace, the storage class. */
  readonly dependsOn: IDependable[];
  /** Storage class of the broker and controller volumes. */
  readonly storageClass: string;
  /** Namespaces whose pods may connect (the pipeline's, the session-cluster tenants'). */
  readonly clientNamespaces: string[];
}

/**
 * The pipeline's Kafka on Strimzi, from the plan: the cluster (KRaft; dedicated controllers in production-like
 * environments, one dual-role pool in a small development cluster) and one KafkaTopic per topic. Where data is
 * retained, the charts are never pruned or deleted by the deployment and volume claims outlive their pools.
 */
export class StrimziKafka extends Construct {
  /** Bootstrap servers and TLS client properties the jobs use. */
  public readonly connection: KafkaClientConnection;
  /** Secret with the cluster CA certificate (`ca.crt`) that clients trust. */
  public readonly clusterCaSecretName: string;
  public readonly clusterManifest: eks.KubernetesManifest;
  public readonly topicsManifest: eks.KubernetesManifest;
  public readonly clusterChart: KafkaClusterChart;

  constructor(scope: Construct, id: string, props: StrimziKafkaProps) {
    super(scope, id);
    const { plan } = props;
    const sizing = plan.sizing.kafka.selfHosted;
    const retain = plan.environment.retainData;
    const name = plan.names.kafkaCluster;
    const namespace = plan.names.namespace;
    const brokers: KafkaPoolSize = { replicas: sizing.brokers, resources: sizing.broker, storage: Size.gibibytes(sizing.storagePerBrokerGiB) };
    // A dual-role pool is the small development setup; anything production-like separates the controller quorum.
    const dualRole = !plan.environment.production && sizing.brokers < 3;
    const controllers: KafkaPoolSize | undefined = dualRole ? undefined : { replicas: sizing.controllers, resources: sizing.controller, storage: KafkaClusterChart.CONTROLLER_STORAGE };
    const dataSafety = { prune: !retain, removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY };

    this.clusterChart = new KafkaClusterChart(props.manifests.app, 'kafka-cluster', {
      clusterName: name,
      namespace,
      kafkaVersion: plan.environment.selfHosted.kafkaVersion ?? STRIMZI_1_2.defaultKafkaVersion,
      brokers,
      controllers,
      config: plan.kafka.serverProperties,
      storageClass: props.storageClass,
      deleteClaims: !retain,
      plainListener: plan.environment.selfHosted.kafkaPlainListener ?? false,
      clientNamespaces: props.clientNamespaces,
    });
    this.clusterManifest = props.manifests.apply(this.clusterChart, { dependsOn: [props.operator, ...props.dependsOn], ...dataSafety });
    this.topicsManifest = props.manifests.apply(
      new KafkaTopicsChart(props.manifests.app, 'kafka-topics', { clusterName: name, namespace, topics: plan.topics }),
      { dependsOn: [props.operator, this.clusterManifest], ...dataSafety },
    );
    this.clusterCaSecretName = `${name}-cluster-ca-cert`;
    this.connection = {
      bootstrapServers: `${name}-kafka-bootstrap.${namespace}.svc:${KafkaClusterChart.TLS_PORT}`,
      properties: strimziTlsClientProperties(),
    };
  }
}
