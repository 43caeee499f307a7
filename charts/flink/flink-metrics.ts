/**
 * How Flink JobManagers and TaskManagers expose their metrics to Prometheus: Flink's Prometheus reporter, loaded as a
 * plugin (the official images ship it in `/opt/flink/plugins/metrics-prometheus/` since Flink 1.11, FLINK-17812; the
 * runner image build checks it is there: `lib/artifacts/flink-metrics-plugin.ts`), serving `/metrics` on {@link FLINK_METRICS_PORT} in every pod, declared as
 * the named container port {@link FLINK_METRICS_PORT_NAME} that PodMonitors and scrape configurations select.
 */

/** The reporter's port: Prometheus' registered default for Flink, one reporter per pod (no port range needed). */
export const FLINK_METRICS_PORT = 9249;

/** Name of the container port serving the metrics. */
export const FLINK_METRICS_PORT_NAME = 'metrics';

/**
 * The Flink configuration of the reporter. Label values keep Flink's default filtering (characters outside
 * `[a-zA-Z0-9:_]` become `_`, so job `orders-to-lake` is `job_name="orders_to_lake"`): the monitoring selects a
 * job's series by the Kubernetes labels of its pods instead (see `flinkPodMetricsRelabelings`).
 */
export function flinkPrometheusReporterConfiguration(): Record<string, string> {
  return {
    'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
    'metrics.reporter.prom.port': String(FLINK_METRICS_PORT),
  };
}

/** The container port of the reporter, for the Flink main container of a pod template. */
export function flinkMetricsContainerPort(): { name: string; containerPort: number; protocol: string } {
  return { name: FLINK_METRICS_PORT_NAME, containerPort: FLINK_METRICS_PORT, protocol: 'TCP' };
}
