import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { StableServiceToken } from '../../constructs/self-hosted/platform/stable-service-token';
import { SelfHostedPlatform } from '../../constructs/self-hosted/self-hosted-platform';
import { Flavor } from '../flavor';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/**
 * The self-hosted platform of an environment: VPC, lakehouse storage, EKS with cert-manager, trust-manager, the Flink
 * Kubernetes Operator and Strimzi, and the Kafka cluster. Publishes the cluster, its kubectl provider and OIDC
 * provider for the pipelines' stacks.
 */
export class SelfHostedPlatformStack extends PlatformStack {
  public readonly selfHosted: SelfHostedPlatform;
  /** The kubectl provider's service token published to pipeline stacks, stable across provider replacement. */
  public readonly kubectlServiceToken: StableServiceToken;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, Flavor.SELF_HOSTED, props);
    this.selfHosted = new SelfHostedPlatform(this, 'SelfHosted', { platform: this.platform, vpc: this.vpc, alertKey: this.storage.key });
    const { cluster, oidcProvider } = this.selfHosted.eks;
    const kubectl = cluster.kubectlProvider;
    if (kubectl === undefined || kubectl.role === undefined) throw new Error('SelfHostedPlatformStack: the EKS cluster has no kubectl provider with a role');
    this.parameters.publish(PlatformParameter.EKS_CLUSTER_NAME, cluster.clusterName);
    // Pipeline stacks' Kubernetes resources hold this token: it outlives a replacement of the provider function.
    this.kubectlServiceToken = new StableServiceToken(this, 'KubectlServiceToken', {
      targetArn: kubectl.serviceToken,
      functionName: `${this.platform.names.eksCluster}-kubectl-token`,
      logEncryptionKey: this.storage.key,
    });
    this.parameters.publish(PlatformParameter.KUBECTL_SERVICE_TOKEN, this.kubectlServiceToken.serviceToken);
    this.parameters.publish(PlatformParameter.KUBECTL_ROLE_ARN, kubectl.role.roleArn);
    this.parameters.publish(PlatformParameter.OIDC_PROVIDER_ARN, oidcProvider.oidcProviderArn);
    this.parameters.publish(PlatformParameter.KAFKA_BOOTSTRAP_SERVERS, this.selfHosted.kafka.connection.bootstrapServers);
    const prometheus = this.selfHosted.monitoring.managedPrometheus;
    if (prometheus !== undefined) this.parameters.publish(PlatformParameter.PROMETHEUS_WORKSPACE_ARN, prometheus.workspace.attrArn);
    new CfnOutput(this, 'KafkaBootstrapServers', { value: this.selfHosted.kafka.connection.bootstrapServers, description: 'Bootstrap servers (SASL_SSL with SCRAM-SHA-512, in-cluster)' });
    new CfnOutput(this, 'EksClusterName', { value: cluster.clusterName, description: 'The EKS cluster (aws eks update-kubeconfig --name …)' });
  }
}
