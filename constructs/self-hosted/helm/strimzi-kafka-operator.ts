import { Size } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { PLATFORM_WORKLOADS } from '../../../lib/sizing/platform-pods';
import { NodeRole } from '../platform/node-role';
import { ContainerResources, PodPlacement, containerResources } from './common-values';
import { HelmAddOn } from './helm-add-on';
import { HelmChartVersion } from './helm-chart-version';

/** The values of the Strimzi chart this project sets. */
export interface StrimziValues extends PodPlacement {
  /** Namespaces whose Kafka resources the operator reconciles (RoleBindings are created there). */
  readonly watchNamespaces: string[];
  readonly watchAnyNamespace: boolean;
  readonly replicas: number;
  readonly leaderElection: { readonly enable: boolean };
  readonly resources: ContainerResources;
  /** Strimzi writes NetworkPolicies for its listeners and internal ports. */
  readonly generateNetworkPolicy: boolean;
  readonly logLevel: string;
  /** Environment of the operator container; selects the pod security provider of the pods it creates. */
  readonly extraEnvs: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** Props of StrimziKafkaOperator. */
export interface StrimziKafkaOperatorProps {
  readonly cluster: eks.ICluster;
  /** Namespaces with Kafka clusters and topics (they must exist before the chart: they get RoleBindings). */
  readonly watchNamespaces: string[];
  /**
   * Memory of the cluster operator (request = limit). The chart's 384Mi is known to OOM with several clusters or
   * many topics.
   * The system node group is sized for the default.
   * @default - 768 MiB (`PLATFORM_WORKLOADS.strimziOperator`)
   */
  readonly memory?: Size;
  /**
   * Operator replicas (leader election picks one; the other takes over on a node loss).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * The chart.
   * @default HelmChartVersion.STRIMZI_KAFKA_OPERATOR
   */
  readonly chart?: HelmChartVersion;
  /** @default - nothing */
  readonly dependsOn?: IDependable[];
}

/** The Strimzi cluster operator with its CRDs (Kafka, KafkaNodePool, KafkaTopic, KafkaUser …), on the system nodes. */
export class StrimziKafkaOperator extends HelmAddOn<StrimziValues> {
  /** Namespace of the release. */
  public static readonly NAMESPACE = 'strimzi';

  constructor(scope: Construct, id: string, props: StrimziKafkaOperatorProps) {
    const { replicas: defaultReplicas, containers } = PLATFORM_WORKLOADS.strimziOperator;
    const memoryMiB = props.memory?.toMebibytes() ?? containers.operator.memoryMiB;
    const replicas = props.replicas ?? defaultReplicas;
    super(scope, id, {
      cluster: props.cluster,
      chart: props.chart ?? HelmChartVersion.STRIMZI_KAFKA_OPERATOR,
      release: 'strimzi-kafka-operator',
      namespace: StrimziKafkaOperator.NAMESPACE,
      dependsOn: props.dependsOn,
      values: {
        watchNamespaces: [...props.watchNamespaces],
        watchAnyNamespace: false,
        replicas,
        leaderElection: { enable: true },
        resources: containerResources({ cpuMillis: containers.operator.cpuMillis, memoryMiB }),
        generateNetworkPolicy: true,
        logLevel: 'INFO',
        // Strimzi's `restricted` provider gives the Kafka, entity operator, Kafka Exporter and Cruise Control
        // containers a RuntimeDefault seccomp profile, no privilege escalation and no capabilities, so the Kafka
        // namespace can enforce Pod Security `restricted` (the default `baseline` provider sets none of them).
        extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
        nodeSelector: NodeRole.SYSTEM.nodeSelector,
      },
    });
  }
}
