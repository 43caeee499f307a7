import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';

/** One namespace to create. */
export interface NamespaceSpec {
  readonly name: string;
  /**
   * Labels of the namespace (e.g. the one that makes trust-manager copy the Kafka CA into it).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Props of NamespacesChart. */
export interface NamespacesChartProps {
  /** Namespaces to create. */
  readonly namespaces: readonly NamespaceSpec[];
  /**
   * Labels of every namespace.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The namespaces of a pipeline: its own (Kafka cluster, topics, Flink jobs) and one per session-cluster tenant.
 * They exist before the operators are installed, because the operator charts create Roles in the namespaces they watch.
 * Pod Security Admission enforces `baseline` (no privileged or host-namespace pods) and warns on `restricted`.
 */
export class NamespacesChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id);
    for (const namespace of props.namespaces) {
      new k8s.KubeNamespace(this, namespace.name, {
        metadata: {
          name: namespace.name,
          labels: { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/enforce': 'baseline', ...props.labels, ...namespace.labels },
        },
      });
    }
  }
}
