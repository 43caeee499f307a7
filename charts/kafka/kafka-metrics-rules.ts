import * as YAML from 'yaml';

/** Key of the JMX exporter configuration in its ConfigMap. */
export const KAFKA_METRICS_CONFIG_KEY = 'kafka-metrics-config.yml';

/** Port name of the metrics endpoint Strimzi gives brokers, controllers and Kafka Exporter (port 9404). */
export const STRIMZI_METRICS_PORT_NAME = 'tcp-prometheus';

/** Name of the ConfigMap with the brokers' JMX exporter rules, next to the cluster. */
export function kafkaMetricsConfigMapName(clusterName: string): string {
  return `${clusterName}-kafka-metrics`;
}

/**
 * Series the rules below produce that the pipelines' signals read (names lower-cased by the exporter). Kafka Exporter
 * adds `kafka_consumergroup_lag{consumergroup, topic, partition}` per partition of each consumed topic.
 */
export const KAFKA_METRICS = {
  /** Partitions led by the broker with fewer in-sync replicas than replicas. */
  underReplicatedPartitions: 'kafka_server_replicamanager_underreplicatedpartitions',
  /** Bytes of one partition's log on the broker (`topic`, `partition`). */
  logSize: 'kafka_log_log_size',
  /** Consumer-group lag per partition, from Kafka Exporter. */
  consumerGroupLag: 'kafka_consumergroup_lag',
} as const;

/** The brokers' and controllers' JVM, from the platform MBeans (rules below; the exporter's own JVM series vary by version). */
export const KAFKA_JVM_METRICS = {
  /** Recent CPU use of the Kafka process, 0–1 of the CPUs the container may use. */
  processCpuLoad: 'kafka_jvm_process_cpu_load',
  heapUsed: 'kafka_jvm_heap_memory_used_bytes',
  heapMax: 'kafka_jvm_heap_memory_max_bytes',
} as const;

interface JmxRule {
  readonly pattern: string;
  readonly name: string;
  readonly type: 'GAUGE' | 'COUNTER';
  readonly labels?: Record<string, string>;
}

/**
 * The brokers' JMX exporter rules: broker health (replica manager, controller, request handler idle time, KRaft,
 * the JVM's CPU load and heap),
 * per-topic traffic and per-partition log size and replication state. Everything else is dropped, so each broker
 * exports a bounded set of series (per-partition series grow with the partitions a broker hosts). The names follow
 * the convention of Strimzi's example rules, so its Grafana dashboards read them.
 */
export const KAFKA_JMX_RULES: readonly JmxRule[] = [
  { pattern: 'kafka.server<type=ReplicaManager, name=(.+)><>Value', name: 'kafka_server_replicamanager_$1', type: 'GAUGE' },
  { pattern: 'kafka.controller<type=KafkaController, name=(.+)><>Value', name: 'kafka_controller_kafkacontroller_$1', type: 'GAUGE' },
  { pattern: 'kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>MeanRate', name: 'kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent', type: 'GAUGE' },
  { pattern: 'kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value', name: 'kafka_network_socketserver_networkprocessoravgidle_percent', type: 'GAUGE' },
  { pattern: 'kafka.server<type=BrokerTopicMetrics, name=(.+)PerSec, topic=(.+)><>Count', name: 'kafka_server_brokertopicmetrics_$1_total', type: 'COUNTER', labels: { topic: '$2' } },
  { pattern: 'kafka.server<type=BrokerTopicMetrics, name=(.+)PerSec><>Count', name: 'kafka_server_brokertopicmetrics_$1_total', type: 'COUNTER' },
  { pattern: 'kafka.log<type=Log, name=(.+), topic=(.+), partition=(.+)><>Value', name: 'kafka_log_log_$1', type: 'GAUGE', labels: { topic: '$2', partition: '$3' } },
  { pattern: 'kafka.cluster<type=Partition, name=(.+), topic=(.+), partition=(.+)><>Value', name: 'kafka_cluster_partition_$1', type: 'GAUGE', labels: { topic: '$2', partition: '$3' } },
  { pattern: 'java.lang<type=OperatingSystem><>ProcessCpuLoad', name: KAFKA_JVM_METRICS.processCpuLoad, type: 'GAUGE' },
  { pattern: 'java.lang<type=Memory><HeapMemoryUsage>(used|max)', name: 'kafka_jvm_heap_memory_$1_bytes', type: 'GAUGE' },
  { pattern: 'kafka.server<type=raft-metrics><>(.+-total|.+-max):', name: 'kafka_server_raftmetrics_$1', type: 'COUNTER' },
  { pattern: 'kafka.server<type=raft-metrics><>(.+):', name: 'kafka_server_raftmetrics_$1', type: 'GAUGE' },
];

/** The JMX exporter configuration (YAML) of the ConfigMap that `spec.kafka.metricsConfig` points at. */
export function kafkaJmxExporterConfig(): string {
  return YAML.stringify({ lowercaseOutputName: true, rules: KAFKA_JMX_RULES.map((rule) => ({ ...rule })) }, { lineWidth: 0, aliasDuplicateObjects: false });
}
