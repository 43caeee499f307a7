import { Size } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { PLATFORM_WORKLOADS } from '../../lib/sizing/platform-pods';
import { PodResources } from '../../lib/sizing/sizing-plan';
import {
  Kafka, KafkaNodePool, KafkaNodePoolSpecResourcesLimits, KafkaNodePoolSpecResourcesRequests, KafkaNodePoolSpecRoles,
  KafkaNodePoolSpecStorageType, KafkaNodePoolSpecStorageVolumesKraftMetadata, KafkaNodePoolSpecStorageVolumesType,
  KafkaSpecKafkaAuthorizationType, KafkaSpecKafkaExporterResourcesLimits, KafkaSpecKafkaExporterResourcesRequests, KafkaSpecKafkaListeners,
  KafkaSpecKafkaListenersAuthenticationType, KafkaSpecKafkaListenersType, KafkaSpecKafkaMetricsConfigType,
} from '../imports/kafka.strimzi.io';
import { KAFKA_METRICS_CONFIG_KEY, kafkaJmxExporterConfig, kafkaMetricsConfigMapName } from './kafka-metrics-rules';
import { ZONE_LABEL, nodePoolPlacement } from './node-pool-placement';

/** A KafkaNodePool's size. */
export interface KafkaPoolSize {
  /** Pods of the pool. */
  readonly replicas: number;
  /** Requests (= limits) of one pod; Strimzi derives the JVM heap from the memory limit. */
  readonly resources: PodResources;
  /** EBS volume of each pod. */
  readonly storage: Size;
}

/** Props of KafkaClusterChart. */
export interface KafkaClusterChartProps {
  /** Name of the Strimzi `Kafka` (prefix of its services, e.g. `<name>-kafka-bootstrap`). */
  readonly clusterName: string;
  readonly namespace: string;
  /** A Kafka version the Strimzi release supports. */
  readonly kafkaVersion: string;
  /** Broker pool: one broker per Kafka node, spread over zones. */
  readonly brokers: KafkaPoolSize;
  /**
   * Dedicated KRaft controller pool on the system nodes. Absent: the broker pool is dual-role (controller + broker),
   * the small setup of a development environment.
   * @default - dual-role brokers
   */
  readonly controllers?: KafkaPoolSize;
  /** Broker configuration (replication, min ISR, …) from the plan. */
  readonly config: Readonly<Record<string, string>>;
  /** Storage class of the volumes. */
  readonly storageClass: string;
  /** Whether the volumes' claims are deleted with the pool (never where data is retained). */
  readonly deleteClaims: boolean;
  /** Adds a plain listener on 9092 (development only; the environment validation refuses it in production). */
  readonly plainListener: boolean;
  /** Namespaces whose pods may connect to the listeners (the Strimzi-generated network policy allows only these). */
  readonly clientNamespaces: string[];
}

/**
 * A Strimzi Kafka cluster on `kafka.strimzi.io/v1`: KRaft with KafkaNodePools (brokers; controllers or dual-role),
 * rack-aware across zones, a TLS listener on 9093 whose clients authenticate with SCRAM-SHA-512, simple ACL
 * authorization (a principal reaches only what its `KafkaUser` grants), persistent encrypted volumes, the topic
 * and user operators (watching the cluster's namespace), and metrics for Prometheus: the brokers' and controllers'
 * JMX exporter with the rules of `kafka-metrics-rules.ts` (a ConfigMap next to the cluster) and Kafka Exporter for the
 * consumer-group lag of every group on every non-internal topic (port `tcp-prometheus`, 9404, on each pod).
 */
export class KafkaClusterChart extends cdk8s.Chart {
  /** Port of the TLS listener. */
  public static readonly TLS_PORT = 9093;
  /** Port of the plain listener (development only). */
  public static readonly PLAIN_PORT = 9092;
  /** Volume of a dedicated KRaft controller: the metadata log is small. */
  public static readonly CONTROLLER_STORAGE = Size.gibibytes(20);

  public readonly kafka: Kafka;
  public readonly brokerPool: KafkaNodePool;
  public readonly controllerPool?: KafkaNodePool;

  constructor(scope: Construct, id: string, props: KafkaClusterChartProps) {
    super(scope, id, { namespace: props.namespace });
    const clusterLabel = { 'strimzi.io/cluster': props.clusterName };
    const peers = [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...props.clientNamespaces] }] } }];
    const listeners: KafkaSpecKafkaListeners[] = [
      {
        name: 'tls',
        port: KafkaClusterChart.TLS_PORT,
        type: KafkaSpecKafkaListenersType.INTERNAL,
        tls: true,
        authentication: { type: KafkaSpecKafkaListenersAuthenticationType.SCRAM_HYPHEN_SHA_HYPHEN_512 },
        networkPolicyPeers: peers,
      },
      ...(props.plainListener ? [{ name: 'plain', port: KafkaClusterChart.PLAIN_PORT, type: KafkaSpecKafkaListenersType.INTERNAL, tls: false, networkPolicyPeers: peers }] : []),
    ];
    const metricsConfigMap = kafkaMetricsConfigMapName(props.clusterName);
    const exporter = PLATFORM_WORKLOADS.kafkaExporter.containers.exporter;
    this.kafka = new Kafka(this, 'Kafka', {
      metadata: { name: props.clusterName },
      spec: {
        kafka: {
          version: props.kafkaVersion,
          listeners,
          config: { ...props.config },
          rack: { topologyKey: ZONE_LABEL },
          // Deny by default: each job's KafkaUser carries ACLs for its own topics and consumer group only.
          authorization: { type: KafkaSpecKafkaAuthorizationType.SIMPLE },
          metricsConfig: { type: KafkaSpecKafkaMetricsConfigType.JMX_PROMETHEUS_EXPORTER, valueFrom: { configMapKeyRef: { name: metricsConfigMap, key: KAFKA_METRICS_CONFIG_KEY } } },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
        kafkaExporter: {
          groupRegex: '.*',
          topicRegex: '.*',
          // Kafka's own topics (__consumer_offsets, …) are not the pipelines'.
          topicExcludeRegex: '^__.*',
          resources: {
            requests: { cpu: KafkaSpecKafkaExporterResourcesRequests.fromString(`${exporter.cpuMillis}m`), memory: KafkaSpecKafkaExporterResourcesRequests.fromString(`${exporter.memoryMiB}Mi`) },
            limits: { memory: KafkaSpecKafkaExporterResourcesLimits.fromString(`${exporter.memoryMiB * 2}Mi`) },
          },
        },
        ...(props.brokers.replicas > 1 ? { cruiseControl: {} } : {}),
      },
    });
    new k8s.KubeConfigMap(this, 'MetricsConfig', { metadata: { name: metricsConfigMap }, data: { [KAFKA_METRICS_CONFIG_KEY]: kafkaJmxExporterConfig() } });
    const brokerRoles = props.controllers ? [KafkaNodePoolSpecRoles.BROKER] : [KafkaNodePoolSpecRoles.CONTROLLER, KafkaNodePoolSpecRoles.BROKER];
    this.brokerPool = this.pool('brokers', brokerRoles, props.brokers, NodeRole.KAFKA, props, clusterLabel);
    if (props.controllers) this.controllerPool = this.pool('controllers', [KafkaNodePoolSpecRoles.CONTROLLER], props.controllers, NodeRole.SYSTEM, props, clusterLabel);
  }

  private pool(name: string, roles: KafkaNodePoolSpecRoles[], size: KafkaPoolSize, role: NodeRole, props: KafkaClusterChartProps, clusterLabel: Record<string, string>): KafkaNodePool {
    const cpu = `${size.resources.cpuMillis}m`;
    const memory = `${size.resources.memoryMiB}Mi`;
    return new KafkaNodePool(this, `Pool-${name}`, {
      metadata: { name, labels: clusterLabel },
      spec: {
        replicas: size.replicas,
        roles,
        resources: {
          requests: { cpu: KafkaNodePoolSpecResourcesRequests.fromString(cpu), memory: KafkaNodePoolSpecResourcesRequests.fromString(memory) },
          limits: { cpu: KafkaNodePoolSpecResourcesLimits.fromString(cpu), memory: KafkaNodePoolSpecResourcesLimits.fromString(memory) },
        },
        storage: {
          type: KafkaNodePoolSpecStorageType.JBOD,
          volumes: [{
            id: 0,
            type: KafkaNodePoolSpecStorageVolumesType.PERSISTENT_HYPHEN_CLAIM,
            size: `${size.storage.toGibibytes()}Gi`,
            class: props.storageClass,
            deleteClaim: props.deleteClaims,
            kraftMetadata: KafkaNodePoolSpecStorageVolumesKraftMetadata.SHARED,
          }],
        },
        template: { pod: nodePoolPlacement(role, { ...clusterLabel, 'strimzi.io/pool-name': name }) },
      },
    });
  }
}
