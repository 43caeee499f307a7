import * as YAML from 'yaml';
import { CopyLabel, FLINK_POD_LABELS, FLINK_TARGET_LABELS, METRICS_PORTS, STRIMZI_TARGET_LABELS } from './scrape-labels';

/** How often the Amazon Managed Prometheus scraper scrapes: the signals' shortest period (1 minute) sees two samples. */
export const MANAGED_SCRAPE_INTERVAL = '30s';

/** Service-account files the managed scraper authenticates to the API server with (in its scrape configuration). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function copied(labels: readonly CopyLabel[]) {
  return labels.map((l) => ({ source_labels: [l.source], target_label: l.target }));
}

const TARGET_IDENTITY = [
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
];

/**
 * The Prometheus scrape configuration of the platform's Amazon Managed Prometheus scraper: the same targets and target
 * labels as the PodMonitors of the `prometheus-operator` choice (the rules read the same series either way), for
 * every pipeline on the platform at once:
 * - `flink`: every Flink JobManager/TaskManager pod in any namespace, on the reporter's named port;
 * - `strimzi`: the Kafka cluster's brokers, controllers and Kafka Exporter, on `tcp-prometheus`;
 * - `kubelet`: the kubelets (through the API server's node proxy), keeping only the volume statistics the broker-disk
 *   signal reads;
 * - `kube-state-metrics`: its pods (labelled `app.kubernetes.io/name: kube-state-metrics`, e.g. the EKS community
 *   add-on or its Helm chart, installed by you), keeping only the Jobs' failed-pod counts the failed-runs signal reads.
 */
export function managedScrapeConfiguration(kafkaNamespace: string, kafkaCluster: string): string {
  return YAML.stringify({
    global: { scrape_interval: MANAGED_SCRAPE_INTERVAL },
    scrape_configs: [
      {
        job_name: 'flink',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          ...Object.entries(FLINK_POD_LABELS).map(([key, value]) => ({ source_labels: [`__meta_kubernetes_pod_label_${key}`], regex: value, action: 'keep' })),
          { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: METRICS_PORTS.flink, action: 'keep' },
          ...TARGET_IDENTITY,
          ...copied(FLINK_TARGET_LABELS),
        ],
      },
      {
        job_name: 'strimzi',
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [kafkaNamespace] } }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_label_strimzi_io_cluster'], regex: kafkaCluster, action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: METRICS_PORTS.strimzi, action: 'keep' },
          ...TARGET_IDENTITY,
          ...copied(STRIMZI_TARGET_LABELS),
        ],
      },
      {
        job_name: 'kubelet',
        scheme: 'https',
        tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
        bearer_token_file: `${SERVICE_ACCOUNT_DIR}/token`,
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: [
          { target_label: '__address__', replacement: 'kubernetes.default.svc:443' },
          { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: '/api/v1/nodes/$1/proxy/metrics' },
        ],
        metric_relabel_configs: [{ source_labels: ['__name__'], regex: 'kubelet_volume_stats_(used|capacity)_bytes', action: 'keep' }],
      },
      {
        job_name: 'kube-state-metrics',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'kube-state-metrics', action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' },
        ],
        metric_relabel_configs: [{ source_labels: ['__name__'], regex: 'kube_job_status_failed', action: 'keep' }],
      },
    ],
  }, { lineWidth: 0, aliasDuplicateObjects: false });
}
