/**
 * Instance types the sizing model picks from, with the capacity figures it uses.
 *
 * Allocatable capacity of an EKS node = instance capacity − kubelet/system reservation − daemon sets, where the
 * reservation follows the EKS AMI bootstrap formula (CPU: 6 % of the first core, 1 % of the second, 0.5 % of the next
 * two, 0.25 % of the rest; memory: 255 MiB + 11 MiB × max pods, + 100 MiB eviction threshold) and daemon sets
 * (VPC CNI, kube-proxy, EBS CSI node, Pod Identity agent, log/metric agents) are assumed at 250m CPU and 400 MiB.
 */
export interface InstanceTypeSpec {
  /** API name, e.g. `m7g.xlarge` or `kafka.m7g.xlarge`. */
  readonly name: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** Pod-allocatable CPU (millicores) on an EKS node; for MSK types, unused. */
  readonly allocatableCpuMillis: number;
  /** Pod-allocatable memory (MiB) on an EKS node; for MSK types, unused. */
  readonly allocatableMemoryMiB: number;
  /** Sustained broker write budget (leader + follower appends), MB/s: half the EBS baseline bandwidth. */
  readonly brokerWriteMBps: number;
  /** Recommended partition replicas per broker (Amazon MSK best practices). */
  readonly maxPartitionReplicas: number;
}

const DAEMONSET_CPU_MILLIS = 250;
const DAEMONSET_MEMORY_MIB = 400;

function reservedCpuMillis(vcpus: number): number {
  const cores = [60, 10, 5, 5];
  let reserved = 0;
  for (let core = 0; core < vcpus; core++) reserved += core < cores.length ? cores[core] : 2.5;
  return Math.ceil(reserved);
}

/** m7g (Graviton3) sizes: max pods by ENI limits (large 29, xlarge 58, 2xlarge 58, 4xlarge 234). */
function ec2(name: string, vcpus: number, memoryGiB: number, maxPods: number, ebsBaselineMbps: number, maxPartitionReplicas: number): InstanceTypeSpec {
  const memoryMiB = memoryGiB * 1024;
  return {
    name,
    vcpus,
    memoryMiB,
    allocatableCpuMillis: vcpus * 1000 - reservedCpuMillis(vcpus) - DAEMONSET_CPU_MILLIS,
    allocatableMemoryMiB: memoryMiB - (255 + 11 * maxPods) - 100 - DAEMONSET_MEMORY_MIB,
    brokerWriteMBps: Math.floor(ebsBaselineMbps / 8 / 2),
    maxPartitionReplicas,
  };
}

/** EC2 node types, smallest first (one family, so prices scale linearly and a step up never changes the model). */
export const EC2_NODE_TYPES: readonly InstanceTypeSpec[] = [
  ec2('m7g.large', 2, 8, 29, 630, 1000),
  ec2('m7g.xlarge', 4, 16, 58, 1250, 1000),
  ec2('m7g.2xlarge', 8, 32, 58, 2500, 2000),
  ec2('m7g.4xlarge', 16, 64, 234, 5000, 4000),
];

/** MSK Standard broker types, smallest first: the same hardware as the EC2 types above. */
export const MSK_BROKER_TYPES: readonly InstanceTypeSpec[] = [
  { ...ec2('kafka.t3.small', 2, 2, 11, 174, 300), brokerWriteMBps: 5 },
  ...EC2_NODE_TYPES.map((t) => ({ ...t, name: `kafka.${t.name}` })),
];

/** The spec of a known instance type, or undefined. */
export function findInstanceType(catalog: readonly InstanceTypeSpec[], name: string): InstanceTypeSpec | undefined {
  return catalog.find((t) => t.name === name);
}
