import { NodeToleration } from '../platform/node-role';
import { PodResources } from '../../../lib/sizing/sizing-plan';

/** Kubernetes resource quantities of a container (`cpu: '200m'`, `memory: '512Mi'`). */
export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Container requests and limits as charts take them. */
export interface ContainerResources {
  readonly requests?: ResourceQuantities;
  readonly limits?: ResourceQuantities;
}

/** Where a chart's pods run. */
export interface PodPlacement {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: NodeToleration[];
}

/** Requests of a container from the platform sizing table, with a memory limit of `memoryLimitFactor` × the request. */
export function containerResources(requests: PodResources, memoryLimitFactor = 1): ContainerResources {
  return {
    requests: { cpu: `${requests.cpuMillis}m`, memory: `${requests.memoryMiB}Mi` },
    limits: { memory: `${requests.memoryMiB * memoryLimitFactor}Mi` },
  };
}
