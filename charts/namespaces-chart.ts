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
  /**
   * Pod Security Admission level enforced in the namespace. `restricted` only where every pod complies (pipeline
   * and tenant namespaces: Flink pods from our pod template and the batch CronJobs); the Kafka namespace runs
   * Strimzi's pods, which do not set a seccomp profile unless Strimzi's restricted security provider is configured.
   * @default 'baseline'
   */
  readonly podSecurity?: 'baseline' | 'restricted';
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
 * Pod Security Admission enforces each namespace's level (`baseline` by default: no privileged or host-namespace
 * pods) and warns and audits on `restricted`.
 */
export class NamespacesChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id);
    for (const namespace of props.namespaces) {
      new k8s.KubeNamespace(this, namespace.name, {
        metadata: {
          name: namespace.name,
          labels: {
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/enforce': namespace.podSecurity ?? 'baseline',
            ...props.labels,
            ...namespace.labels,
          },
        },
      });
    }
  }
}
