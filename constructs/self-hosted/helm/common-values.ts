import { NodeToleration } from '../platform/node-role';

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
