import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { FLINK_METRICS_PORT } from './flink-metrics';

/** The JobManager's REST port (the operator submits, savepoints and polls through it; it has no authentication). */
export const FLINK_REST_PORT = 8081;
/** Labels Flink's native Kubernetes mode puts on every JobManager and TaskManager pod of a cluster. */
export function flinkClusterPodLabels(clusterName: string): Record<string, string> {
  return { type: 'flink-native-kubernetes', app: clusterName };
}

/** Who may reach a Flink cluster's pods besides the cluster itself. */
export interface FlinkClusterNetworkProps {
  /** Namespace of the Flink Kubernetes Operator: the only one that may call the JobManager's REST port. */
  readonly operatorNamespace: string;
  /**
   * Opens the metrics port ({@link FLINK_METRICS_PORT}, read-only) to the scraper, wherever it runs: the managed
   * Prometheus scraper connects from network interfaces in the VPC, not from a pod a selector could name.
   * @default false
   */
  readonly metricsScraped?: boolean;
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespaceNamed = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * One Flink cluster's traffic (a job's application cluster or a tenant's session cluster): its JobManager and
 * TaskManagers reach each other on every port (RPC, blob, data exchange); the operator's namespace reaches the
 * JobManager's REST port; the scraper the metrics port when monitoring is on. Nothing else reaches the cluster —
 * another job's pods of the same namespace included. Egress beyond the cluster is the namespace's
 * ({@link FlinkNamespaceNetworkPolicies}).
 */
export class FlinkClusterNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, clusterName: string, props: FlinkClusterNetworkProps) {
    super(scope, id);
    const cluster: k8s.LabelSelector = { matchLabels: flinkClusterPodLabels(clusterName) };
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: `${clusterName}-flink` },
      spec: {
        podSelector: cluster,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: cluster }] },
          { from: [{ namespaceSelector: namespaceNamed(props.operatorNamespace) }], ports: [tcp(FLINK_REST_PORT)] },
          ...(props.metricsScraped === true ? [{ ports: [tcp(FLINK_METRICS_PORT)] }] : []),
        ],
        egress: [{ to: [{ podSelector: cluster }] }],
      },
    });
  }
}

/** Props of FlinkNamespaceNetworkPolicies. */
export interface FlinkNamespaceNetworkProps {
  /** Namespace of the Kafka cluster. */
  readonly kafkaNamespace: string;
  /** The Kafka listener ports clients connect to (bootstrap and brokers). */
  readonly kafkaPorts: readonly number[];
}

/**
 * The baseline of a Flink namespace (a pipeline's, a tenant's): nothing in or out unless a policy allows it, then
 * egress to what every pod of the namespace needs — cluster DNS, the Kafka listener in the Kafka namespace, and HTTPS
 * (S3, STS, Glue and the Kubernetes API for HA and the credentials copy; their addresses are AWS's, so port 443 is the
 * narrowest rule that holds on every VPC, with or without endpoints).
 */
export class FlinkNamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, namespace: string, props: FlinkNamespaceNetworkProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'Egress', {
      metadata: { name: 'flink-egress', namespace },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)] },
          { to: [{ namespaceSelector: namespaceNamed(props.kafkaNamespace) }], ports: props.kafkaPorts.map(tcp) },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] },
        ],
      },
    });
  }
}

/** Props of FlinkNamespaceNetworkPoliciesChart. */
export interface FlinkNamespaceNetworkPoliciesChartProps extends FlinkNamespaceNetworkProps {
  /** The Flink namespaces (pipelines and tenants). */
  readonly namespaces: readonly string[];
}

/** {@link FlinkNamespaceNetworkPolicies} in each Flink namespace of the platform. */
export class FlinkNamespaceNetworkPoliciesChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: FlinkNamespaceNetworkPoliciesChartProps) {
    super(scope, id);
    for (const namespace of props.namespaces) new FlinkNamespaceNetworkPolicies(this, namespace, namespace, props);
  }
}
