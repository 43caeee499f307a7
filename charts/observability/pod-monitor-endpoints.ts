import { PodMonitorSpecPodMetricsEndpoints, PodMonitorSpecPodMetricsEndpointsRelabelingsAction } from '../imports/monitoring.coreos.com';
import { CopyLabel } from './scrape-labels';

/** How often the pods are scraped: the signals' shortest period (1 minute) sees four samples. */
export const SCRAPE_INTERVAL = '15s';

/** A PodMonitor endpoint: the named port's `/metrics`, with the labels the rules select by copied onto the target. */
export function podMetricsEndpoint(port: string, labels: readonly CopyLabel[]): PodMonitorSpecPodMetricsEndpoints {
  return {
    port,
    path: '/metrics',
    interval: SCRAPE_INTERVAL,
    relabelings: labels.map((l) => ({ action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE, sourceLabels: [l.source], targetLabel: l.target })),
  };
}
