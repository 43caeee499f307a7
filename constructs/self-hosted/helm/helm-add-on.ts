import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { HelmChartVersion } from './helm-chart-version';

/** Props every Helm add-on shares. */
export interface HelmAddOnProps<Values extends object> {
  /** The cluster to install into. */
  readonly cluster: eks.ICluster;
  /** The pinned chart. */
  readonly chart: HelmChartVersion;
  /** Helm release name. */
  readonly release: string;
  /** Namespace of the release; created if missing. */
  readonly namespace: string;
  /** Chart values, typed per chart. */
  readonly values: Values;
  /**
   * What must exist before the chart is installed (other add-ons, namespaces, node groups).
   * @default - nothing
   */
  readonly dependsOn?: IDependable[];
  /**
   * How long Helm waits for the release's workloads to be ready. The deployment waits too, so whatever depends on the
   * add-on (a webhook, CRDs, an operator) finds it running.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/**
 * A pinned Helm chart with typed values and explicit dependencies, installed through the cluster's kubectl handler
 * with `--wait`, so dependants find the release ready (not merely submitted).
 */
export class HelmAddOn<Values extends object> extends Construct {
  /** The Helm release resource; depend on it for ordering. */
  public readonly chart: eks.HelmChart;
  /** The pinned chart version. */
  public readonly version: HelmChartVersion;
  /** Namespace of the release. */
  public readonly namespace: string;
  /** The values the release was installed with. */
  public readonly values: Values;

  constructor(scope: Construct, id: string, props: HelmAddOnProps<Values>) {
    super(scope, id);
    this.version = props.chart;
    this.namespace = props.namespace;
    this.values = props.values;
    this.chart = new eks.HelmChart(this, 'Resource', {
      cluster: props.cluster,
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      release: props.release,
      namespace: props.namespace,
      createNamespace: true,
      values: { ...props.values },
      wait: true,
      timeout: props.timeout ?? Duration.minutes(10),
    });
    for (const dependency of props.dependsOn ?? []) this.chart.node.addDependency(dependency);
  }
}
