import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';

/** Props of NamespacesChart. */
export interface NamespacesChartProps {
  /** Namespaces to create. */
  readonly namespaces: string[];
  /**
   * Labels of every namespace.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The namespaces of a pipeline: its own (Kafka cluster, topics, Flink jobs) and one per session-cluster tenant.
 * They exist before the operators are installed, because the operator charts create Roles in the namespaces they watch.
 */
export class NamespacesChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id);
    for (const name of props.namespaces) {
      new k8s.KubeNamespace(this, name, {
        metadata: {
          name,
          // Pods run restricted-compatible specs; warn (not enforce) so operator-managed pods are never blocked.
          labels: { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/enforce': 'baseline', ...props.labels },
        },
      });
    }
  }
}
