/**
 * Where the official Flink images keep the Prometheus metric reporter: a plugin in `plugins/metrics-prometheus/`
 * (reporters moved from `opt/` to `plugins/` in Flink 1.11, FLINK-17812, and are loaded as plugins without copying).
 */
export const FLINK_PROMETHEUS_PLUGIN_DIR = '/opt/flink/plugins/metrics-prometheus';

/** The reporter's jar for a Flink patch, in {@link FLINK_PROMETHEUS_PLUGIN_DIR}. */
export function flinkPrometheusPluginJar(flinkPatch: string): string {
  return `${FLINK_PROMETHEUS_PLUGIN_DIR}/flink-metrics-prometheus-${flinkPatch}.jar`;
}
