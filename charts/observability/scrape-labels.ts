import { FLINK_METRICS_PORT_NAME } from '../flink/flink-metrics';
import { STRIMZI_METRICS_PORT_NAME } from '../kafka/kafka-metrics-rules';

/**
 * The target labels every scrape of the platform's pods adds, whichever collector scrapes them (a PodMonitor of a
 * prometheus-operator, or the Amazon Managed Prometheus scraper's configuration): the rules select series by them.
 * Both collectors add `namespace` and `pod` too.
 */

/** The FlinkDeployment of a Flink pod (Flink's native Kubernetes label `app` = the cluster id = the deployment name). */
export const FLINK_DEPLOYMENT_LABEL = 'flink_deployment';
/** The Strimzi cluster of a Kafka pod (its `strimzi.io/cluster` label). */
export const STRIMZI_CLUSTER_LABEL = 'strimzi_io_cluster';

/** Labels Flink's native Kubernetes integration gives every JobManager and TaskManager pod. */
export const FLINK_POD_LABELS = { type: 'flink-native-kubernetes' } as const;
/** Components (`component` label) of Flink pods. */
export const FLINK_COMPONENTS = ['jobmanager', 'taskmanager'] as const;

/** One relabeling: copy the source meta label into the target label. */
export interface CopyLabel {
  readonly source: string;
  readonly target: string;
}

/** How a Flink pod's target gets {@link FLINK_DEPLOYMENT_LABEL} and its component. */
export const FLINK_TARGET_LABELS: readonly CopyLabel[] = [
  { source: '__meta_kubernetes_pod_label_app', target: FLINK_DEPLOYMENT_LABEL },
  { source: '__meta_kubernetes_pod_label_component', target: 'flink_component' },
];

/** How a Strimzi pod's target gets {@link STRIMZI_CLUSTER_LABEL} and its kind and node pool. */
export const STRIMZI_TARGET_LABELS: readonly CopyLabel[] = [
  { source: '__meta_kubernetes_pod_label_strimzi_io_cluster', target: STRIMZI_CLUSTER_LABEL },
  { source: '__meta_kubernetes_pod_label_strimzi_io_kind', target: 'strimzi_io_kind' },
  { source: '__meta_kubernetes_pod_label_strimzi_io_pool_name', target: 'strimzi_io_pool_name' },
];

/** Port names of the metrics endpoints. */
export const METRICS_PORTS = { flink: FLINK_METRICS_PORT_NAME, strimzi: STRIMZI_METRICS_PORT_NAME } as const;
