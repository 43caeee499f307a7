import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FlinkNamespaceNetworkPoliciesChart } from '../../charts/flink/flink-network-policies';
import { KafkaCaBundleChart } from '../../charts/kafka/kafka-ca-bundle-chart';
import { KafkaCaCopyChart } from '../../charts/kafka/kafka-ca-copy-chart';
import { KafkaClusterChart } from '../../charts/kafka/kafka-cluster-chart';
import { NamespacesChart } from '../../charts/namespaces-chart';
import { WORKLOAD_ISOLATION_ENFORCED, WORKLOAD_ISOLATION_LABEL, WorkloadIsolationChart } from '../../charts/platform/workload-isolation-chart';
import { PlatformPlan } from '../../lib/plan/platform-plan';
import { CertManager } from './helm/cert-manager';
import { FlinkKubernetesOperator } from './helm/flink-kubernetes-operator';
import { KubernetesOperators } from './helm/kubernetes-operators';
import { StrimziKafkaOperator } from './helm/strimzi-kafka-operator';
import { TrustManager } from './helm/trust-manager';
import { StrimziKafka } from './kafka/strimzi-kafka';
import { SelfHostedPlatformMonitoring } from './observability/self-hosted-platform-monitoring';
import { EksPlatform, KUBECTL_IMAGE } from './platform/eks-platform';

/** Label that makes trust-manager copy the platform's Kafka CA into a namespace; its value is the Kafka cluster. */
export const KAFKA_CA_NAMESPACE_LABEL = 'pipelines.aws/kafka-ca-of';

/** Name of the ConfigMap holding the Kafka cluster CA (`ca.crt`) in every pipeline and tenant namespace. */
export function kafkaCaBundleName(kafkaCluster: string): string {
  return `${kafkaCluster}-kafka-ca`;
}

/**
 * trust-manager's trust namespace: it holds the copy of the Kafka CA certificate and nothing else, so trust-manager's
 * read access to Secrets and ConfigMaps there reaches no credential.
 */
export function kafkaTrustNamespace(kafkaNamespace: string): string {
  return `${kafkaNamespace}-trust`;
}

/** Props of SelfHostedPlatform. */
export interface SelfHostedPlatformProps {
  /** The platform plan (resolved for the self-hosted flavor among others). */
  readonly platform: PlatformPlan;
  /** The platform VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * The platform's key the alert topic is encrypted with (`amazon-managed-prometheus` monitoring).
   * @default - none; required with `amazon-managed-prometheus` monitoring
   */
  readonly alertKey?: kms.IKey;
}

/**
 * The self-hosted platform of an environment: the EKS cluster and node groups, the namespaces of the Kafka cluster,
 * of every declared pipeline and of the session-cluster tenants, cert-manager, trust-manager, the Flink Kubernetes
 * Operator (watching the pipeline and tenant namespaces) and Strimzi (watching the Kafka namespace), and the Kafka
 * cluster with SCRAM authentication and ACL authorization. Its CA reaches every pipeline namespace through
 * trust-manager. Pipelines add their topics, users and Flink jobs from their own stacks.
 */
export class SelfHostedPlatform extends Construct {
  public readonly eks: EksPlatform;
  public readonly operators: KubernetesOperators;
  public readonly kafka: StrimziKafka;
  public readonly trustManager: TrustManager;
  /** The manifest that creates the Kafka, pipeline, tenant and operator namespaces. */
  public readonly namespaces: eks.KubernetesManifest;
  /** The admission policy that confines each workload of a Flink namespace to its own pods and ConfigMaps. */
  public readonly isolation: eks.KubernetesManifest;
  /** What scrapes the platform and evaluates the pipelines' alerts (`selfHosted.monitoring`). */
  public readonly monitoring: SelfHostedPlatformMonitoring;

  constructor(scope: Construct, id: string, props: SelfHostedPlatformProps) {
    super(scope, id);
    const { platform } = props;
    const options = platform.environment.selfHosted;
    const tenants = options.sessionClusterTenants ?? [];
    const kafkaNamespace = platform.names.kafkaNamespace;
    const trustNamespace = kafkaTrustNamespace(kafkaNamespace);
    const pipelineNamespaces = platform.pipelines.map((p) => p.name);
    const producerNamespaces = platform.pipelines.flatMap((p) => p.producerNamespaces).filter((ns) => !pipelineNamespaces.includes(ns) && !tenants.includes(ns));
    const flinkNamespaces = [...pipelineNamespaces, ...tenants];
    // Producers' namespaces are theirs (not created here): the listener only admits them.
    const clientNamespaces = [...flinkNamespaces, ...new Set(producerNamespaces)];
    const caLabel = { [KAFKA_CA_NAMESPACE_LABEL]: platform.names.kafkaCluster };
    // Every Flink namespace confines its service accounts to their own workload (WorkloadIsolationChart).
    const flinkLabels = { ...caLabel, [WORKLOAD_ISOLATION_LABEL]: WORKLOAD_ISOLATION_ENFORCED };

    this.eks = new EksPlatform(this, 'Eks', {
      vpc: props.vpc,
      clusterName: platform.names.eksCluster,
      availabilityZones: platform.environment.availabilityZones,
      nodeGroups: platform.sizing.nodeGroups,
      publicAccessCidrs: options.eksPublicAccessCidrs,
      adminRole: options.clusterAdminRoleArn === undefined ? undefined : iam.Role.fromRoleArn(this, 'AdminRole', options.clusterAdminRoleArn, { mutable: false }),
      retainData: platform.environment.retainData,
    });
    const { manifests } = this.eks;
    this.namespaces = manifests.apply(new NamespacesChart(manifests.app, 'namespaces', {
      namespaces: [
        // Strimzi's restricted pod security provider (StrimziKafkaOperator) and the CA-copy job's own contexts comply.
        { name: kafkaNamespace, podSecurity: 'restricted' as const },
        { name: trustNamespace, podSecurity: 'restricted' as const },
        // The operators' namespaces, created here (Helm's would carry no labels). cert-manager's and trust-manager's
        // charts (cert-manager also hosts trust-manager) and Strimzi's set restricted contexts by default; the Flink
        // operator's get them from our values (FlinkKubernetesOperator).
        ...[CertManager.NAMESPACE, FlinkKubernetesOperator.NAMESPACE, StrimziKafkaOperator.NAMESPACE].map((name) => ({ name, podSecurity: 'restricted' as const })),
        ...pipelineNamespaces.map((name) => ({ name, labels: { ...flinkLabels, 'app.kubernetes.io/part-of': name }, podSecurity: 'restricted' as const })),
        ...tenants.map((name) => ({ name, labels: flinkLabels, podSecurity: 'restricted' as const })),
      ],
      labels: { 'app.kubernetes.io/managed-by': platform.names.prefix },
    }), { prune: false });
    // The isolation policy is in force before the operator (and so before any job) can create a pod.
    this.isolation = manifests.apply(new WorkloadIsolationChart(manifests.app, 'workload-isolation'), { dependsOn: [this.namespaces] });
    this.operators = new KubernetesOperators(this, 'Operators', {
      cluster: this.eks.cluster,
      flinkNamespaces,
      kafkaNamespaces: [kafkaNamespace],
      dependsOn: [this.eks.nodeGroups.system, this.namespaces, this.isolation],
    });
    this.kafka = new StrimziKafka(this, 'Kafka', {
      platform,
      manifests,
      operator: this.operators.strimzi.chart,
      dependsOn: [this.namespaces, this.eks.storageClass],
      storageClass: EksPlatform.STORAGE_CLASS,
      clientNamespaces,
    });
    // Flink namespaces deny all traffic but DNS, the Kafka listener and HTTPS; each cluster's own policy opens it to itself.
    manifests.apply(new FlinkNamespaceNetworkPoliciesChart(manifests.app, 'flink-network-policies', {
      namespaces: flinkNamespaces,
      kafkaNamespace,
      kafkaPorts: [KafkaClusterChart.TLS_PORT, ...(options.kafkaPlainListener === true ? [KafkaClusterChart.PLAIN_PORT] : [])],
    }), { dependsOn: [this.namespaces] });
    // Kubernetes mounts no Secret of another namespace: trust-manager keeps a ConfigMap copy of the Kafka CA in every
    // pipeline and tenant namespace, renewed when Strimzi renews its CA. Its source is a copy of the CA certificate in
    // a namespace of its own: trust-manager may read every Secret of its trust namespace, and the Kafka namespace holds
    // every SCRAM password and the CA key.
    const caCopyName = `${kafkaCaBundleName(platform.names.kafkaCluster)}-source`;
    const caCopy = manifests.apply(new KafkaCaCopyChart(manifests.app, 'kafka-ca-copy', {
      kafkaNamespace, trustNamespace, caSecretName: this.kafka.clusterCaSecretName, configMapName: caCopyName, kubectlImage: KUBECTL_IMAGE,
    }), { dependsOn: [this.namespaces, this.kafka.clusterManifest] });
    this.trustManager = new TrustManager(this, 'TrustManager', { cluster: this.eks.cluster, trustNamespace, dependsOn: [this.operators.certManager.chart, this.namespaces] });
    manifests.apply(
      new KafkaCaBundleChart(manifests.app, 'kafka-ca-bundle', { bundleName: kafkaCaBundleName(platform.names.kafkaCluster), sourceConfigMapName: caCopyName, targetNamespaceLabels: caLabel }),
      { dependsOn: [this.trustManager.chart, caCopy] },
    );
    this.monitoring = new SelfHostedPlatformMonitoring(this, 'Monitoring', {
      platform, cluster: this.eks.cluster, manifests, kafka: this.kafka.clusterManifest, encryptionKey: props.alertKey,
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }).subnets,
    });
  }
}
