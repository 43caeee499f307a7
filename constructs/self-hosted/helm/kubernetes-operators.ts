import { Size } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { RESERVED_NAMESPACES } from '../../../lib/environment/self-hosted-options';
import { CertManager } from './cert-manager';
import { FlinkKubernetesOperator } from './flink-kubernetes-operator';
import { StrimziKafkaOperator } from './strimzi-kafka-operator';

/** Props of KubernetesOperators. */
export interface KubernetesOperatorsProps {
  readonly cluster: eks.ICluster;
  /** Namespaces with Flink deployments (the pipelines' and the session-cluster tenants'); the Flink operator watches only these. */
  readonly flinkNamespaces: string[];
  /** Namespaces with the Kafka cluster, its topics and users; Strimzi watches only these. */
  readonly kafkaNamespaces: string[];
  /** What must exist first: the system node group, the watched namespaces. */
  readonly dependsOn: IDependable[];
  /**
   * Memory of the Strimzi cluster operator.
   * @default Size.mebibytes(768)
   */
  readonly strimziOperatorMemory?: Size;
}

/**
 * The three operators of the self-hosted flavor, in order: cert-manager, then the Flink Kubernetes Operator (its
 * webhook certificate comes from cert-manager); Strimzi independently. Custom resources depend on `strimzi` (Kafka,
 * KafkaNodePool, KafkaTopic) or `flink` (FlinkDeployment, FlinkSessionJob): the release that installs their CRD.
 */
export class KubernetesOperators extends Construct {
  public readonly certManager: CertManager;
  public readonly flink: FlinkKubernetesOperator;
  public readonly strimzi: StrimziKafkaOperator;

  constructor(scope: Construct, id: string, props: KubernetesOperatorsProps) {
    super(scope, id);
    const reserved = [...props.flinkNamespaces, ...props.kafkaNamespaces].filter((ns) => RESERVED_NAMESPACES.includes(ns));
    if (reserved.length > 0) {
      throw new Error(`KubernetesOperators: watched namespace(s) ${reserved.join(', ')} are reserved for the operators and the cluster — use the pipeline's own namespace`);
    }
    this.certManager = new CertManager(this, 'CertManager', { cluster: props.cluster, dependsOn: props.dependsOn });
    this.flink = new FlinkKubernetesOperator(this, 'FlinkOperator', {
      cluster: props.cluster,
      watchNamespaces: props.flinkNamespaces,
      dependsOn: [...props.dependsOn, this.certManager.chart],
    });
    this.strimzi = new StrimziKafkaOperator(this, 'Strimzi', {
      cluster: props.cluster,
      watchNamespaces: props.kafkaNamespaces,
      memory: props.strimziOperatorMemory,
      dependsOn: props.dependsOn,
    });
  }
}
