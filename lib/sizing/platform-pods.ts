import { PodResources } from './sizing-plan';

/** A platform workload on the system nodes: `replicas` pods, each with these containers' requests. */
export interface PlatformWorkload {
  readonly replicas: number;
  readonly containers: Readonly<Record<string, PodResources>>;
}

/**
 * The platform workloads of the self-hosted cluster besides Kafka and Flink, with their requests. One table for two
 * readers: the Helm add-ons request exactly this (so their pods fit the nodes sized for them), and the system node
 * group is sized from it (`PLATFORM_PODS`). Where a chart sets no requests, the figure is this project's estimate.
 */
export const PLATFORM_WORKLOADS = {
  /** EKS CoreDNS add-on (its defaults). */
  coredns: { replicas: 2, containers: { coredns: { cpuMillis: 100, memoryMiB: 70 } } },
  /** Strimzi cluster operator: memory raised from the chart's 384 MiB, which is known to run out of memory. */
  strimziOperator: { replicas: 2, containers: { operator: { cpuMillis: 200, memoryMiB: 768 } } },
  /** Strimzi entity operator (topic operator) of the Kafka cluster (estimate). */
  strimziEntityOperator: { replicas: 1, containers: { topicOperator: { cpuMillis: 200, memoryMiB: 512 } } },
  /** Strimzi's Kafka Exporter (consumer-group lag for the monitoring; estimate). */
  kafkaExporter: { replicas: 1, containers: { exporter: { cpuMillis: 100, memoryMiB: 128 } } },
  /** Flink Kubernetes Operator: the operator and its webhook run in one pod. */
  flinkOperator: { replicas: 1, containers: { operator: { cpuMillis: 250, memoryMiB: 1024 }, webhook: { cpuMillis: 100, memoryMiB: 512 } } },
  /** cert-manager controller. */
  certManager: { replicas: 2, containers: { controller: { cpuMillis: 50, memoryMiB: 128 } } },
  /** cert-manager webhook and CA injector, as many as the controller (estimates). */
  certManagerWebhook: { replicas: 2, containers: { webhook: { cpuMillis: 100, memoryMiB: 128 } } },
  certManagerCainjector: { replicas: 2, containers: { cainjector: { cpuMillis: 100, memoryMiB: 128 } } },
  /** EBS CSI controller (estimate). */
  ebsCsiController: { replicas: 2, containers: { controller: { cpuMillis: 100, memoryMiB: 256 } } },
  /** metrics-server (estimate). */
  metricsServer: { replicas: 1, containers: { server: { cpuMillis: 100, memoryMiB: 200 } } },
  /** Cluster Autoscaler. */
  clusterAutoscaler: { replicas: 1, containers: { autoscaler: { cpuMillis: 100, memoryMiB: 300 } } },
} as const satisfies Record<string, PlatformWorkload>;

/** Requests of one pod of a workload: the sum of its containers'. */
export function podRequests(workload: PlatformWorkload): PodResources {
  const containers = Object.values(workload.containers);
  return { cpuMillis: containers.reduce((s, c) => s + c.cpuMillis, 0), memoryMiB: containers.reduce((s, c) => s + c.memoryMiB, 0) };
}

/** Every platform pod with its requests: what the system node group must hold besides the KRaft controllers. */
export const PLATFORM_PODS: readonly (PodResources & { readonly name: string })[] = Object.entries(PLATFORM_WORKLOADS)
  .flatMap(([name, workload]) => Array.from({ length: workload.replicas }, () => ({ name, ...podRequests(workload) })));
