import { KafkaNodePoolSpecTemplatePod } from '../imports/kafka.strimzi.io';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';

/** The zone label of Kubernetes nodes: Kafka's rack. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * Pod placement of a KafkaNodePool: on the nodes of `role`, at most one pod of the pool per node (a node loss costs one
 * broker or controller), and spread evenly over zones (a zone loss costs a third).
 *
 * @param podLabels labels that select the pool's pods (Strimzi sets `strimzi.io/cluster` and `strimzi.io/pool-name`)
 */
export function nodePoolPlacement(role: NodeRole, podLabels: Record<string, string>): KafkaNodePoolSpecTemplatePod {
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: Object.entries(role.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
        },
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: podLabels }, topologyKey: 'kubernetes.io/hostname' }],
      },
    },
    tolerations: role.tolerations.map((t) => ({ ...t })),
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: podLabels } }],
  };
}
