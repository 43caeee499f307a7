import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { SelfHostedPipeline } from '../../constructs/self-hosted/self-hosted-pipeline';
import { KAFKA_CA_NAMESPACE_LABEL } from '../../constructs/self-hosted/self-hosted-platform';
import { strimziClusterCaSecret } from '../../constructs/self-hosted/kafka/strimzi-kafka';
import { producerUserName } from '../../charts/kafka/kafka-producers-chart';
import { selfHostedMonitoring } from '../environment/self-hosted-options';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/** Props of SelfHostedPipelineStack. */
export interface SelfHostedPipelineStackProps extends PipelineStackProps {
  /**
   * A prebuilt runner image instead of building one from the plan's artifacts.
   * @default - built from the plan's artifacts
   */
  readonly prebuiltImage?: string;
}

/**
 * A pipeline on the environment's self-hosted platform: its topics and Kafka principals in the platform's Kafka, and
 * its Flink jobs in its own namespace, applied through the platform's kubectl provider; the cluster, the provider and
 * the OIDC provider are found by the platform's name.
 */
export class SelfHostedPipelineStack extends PipelineStack {
  public readonly pipeline: SelfHostedPipeline;
  /** The platform's EKS cluster, with its kubectl provider. */
  public readonly cluster: eks.ICluster;
  /** The platform cluster's IAM OIDC provider, which the jobs' roles trust. */
  public readonly oidcProvider: iam.IOidcProvider;

  constructor(scope: Construct, props: SelfHostedPipelineStackProps) {
    super(scope, Flavor.SELF_HOSTED, props);
    const value = (key: PlatformParameter) => this.platform.value(key);
    this.cluster = eks.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: value(PlatformParameter.EKS_CLUSTER_NAME),
      // Manifests only (no Helm releases): the provider's role is not needed here.
      kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(this, 'KubectlProvider', { serviceToken: value(PlatformParameter.KUBECTL_SERVICE_TOKEN) }),
    });
    this.oidcProvider = iam.OidcProviderNative.fromOidcProviderArn(this, 'OidcProvider', value(PlatformParameter.OIDC_PROVIDER_ARN));
    this.pipeline = new SelfHostedPipeline(this, 'SelfHosted', {
      plan: this.plan,
      platform: {
        cluster: this.cluster, oidcProvider: this.oidcProvider, names: this.platformNames,
        prometheusWorkspaceArn: selfHostedMonitoring(this.plan.environment) === 'amazon-managed-prometheus' ? value(PlatformParameter.PROMETHEUS_WORKSPACE_ARN) : undefined,
      },
      lakehouse: this.lakehouse,
      prebuiltImage: props.prebuiltImage,
      resourcesPerStack: props.resourcesPerStack,
    });
    this.afterClaims(this.pipeline);
    const kafka = this.pipeline.kafka;
    this.startAfterSchemas(this.pipeline.jobs.map((j) => j.manifest));
    this.addOutputs({
      bootstrapServers: kafka.connection.bootstrapServers,
      kafkaSecurity: 'SASL_SSL with SCRAM-SHA-512, in-cluster',
      kafkaCa: `Secret ${kafka.namespace}/${strimziClusterCaSecret(this.platformNames)}; ConfigMap ${kafka.caConfigMapName} in namespaces labelled ${KAFKA_CA_NAMESPACE_LABEL}=${kafka.clusterName}`,
      jobs: this.pipeline.jobs.map((j) => `${this.plan.names.namespace}/${j.job.name}`),
      jobsDescription: 'FlinkDeployments, <namespace>/<name>',
      producers: this.plan.producers.map((p) => `${p.name}=${kafka.namespace}/${producerUserName(this.plan.pipelineName, p.name)}`),
      producersDescription: 'Producers and their KafkaUser credentials secrets, <namespace>/<secret>',
    });
  }
}
