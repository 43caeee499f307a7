import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { PodMonitor } from '../imports/monitoring.coreos.com';
import { podMetricsEndpoint } from './pod-monitor-endpoints';
import { METRICS_PORTS, STRIMZI_TARGET_LABELS } from './scrape-labels';

/** Props of KafkaMonitoringChart. */
export interface KafkaMonitoringChartProps {
  /** Namespace of the Strimzi Kafka cluster. */
  readonly namespace: string;
  /** Name of the Strimzi `Kafka`. */
  readonly clusterName: string;
  /**
   * Labels on the PodMonitor (e.g. the `release` label a kube-prometheus-stack Prometheus selects by).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The platform's PodMonitor for a prometheus-operator in the cluster: the Kafka cluster's brokers and controllers
 * (JMX exporter) and its Kafka Exporter (consumer-group lag), on Strimzi's `tcp-prometheus` port. Pipelines' rules
 * read these series; the pods belong to the platform, so the platform scrapes them once.
 */
export class KafkaMonitoringChart extends cdk8s.Chart {
  public readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: KafkaMonitoringChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { ...props.labels } });
    this.podMonitor = new PodMonitor(this, 'KafkaPods', {
      metadata: { name: `${props.clusterName}-kafka` },
      spec: {
        selector: { matchLabels: { 'strimzi.io/cluster': props.clusterName, 'strimzi.io/kind': 'Kafka' } },
        namespaceSelector: { matchNames: [props.namespace] },
        podMetricsEndpoints: [podMetricsEndpoint(METRICS_PORTS.strimzi, STRIMZI_TARGET_LABELS)],
      },
    });
  }
}
