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
   * Pod Security Admission level enforced in the namespace. `restricted` only where every pod complies: pipeline and
   * tenant namespaces (Flink pods from our pod template, the batch CronJobs), the Kafka namespace (Strimzi's
   * restricted pod security provider, the CA-copy job) and the operators' namespaces (their charts' security contexts).
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
 * The platform's namespaces: the Kafka namespace, each pipeline's own (Flink jobs), one per session-cluster tenant, and
 * the operators' (created here, not by Helm, so they carry Pod Security labels). They exist before the operators are
 * installed, because the operator charts create Roles in the namespaces they watch.
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
