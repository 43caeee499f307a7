import { aws_kms as kms } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { KafkaMonitoringChart } from '../../../charts/observability/kafka-monitoring-chart';
import { SelfHostedMonitoring, selfHostedMonitoring, selfHostedMonitoringProblems } from '../../../lib/environment/self-hosted-options';
import { PlatformPlan } from '../../../lib/plan/platform-plan';
import { throwIfProblems } from '../../../lib/validation/validation-problem';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';
import { AmazonManagedPrometheus } from './amazon-managed-prometheus';

/** Props of SelfHostedPlatformMonitoring. */
export interface SelfHostedPlatformMonitoringProps {
  readonly platform: PlatformPlan;
  readonly cluster: eks.Cluster;
  readonly manifests: KubernetesManifests;
  /** The cluster's private subnets (the managed scraper's network interfaces). */
  readonly subnets: ec2.ISubnet[];
  /** The Kafka cluster's manifest (its pods exist before they are scraped). */
  readonly kafka: IDependable;
  /**
   * The platform's key for the alert topic (`amazon-managed-prometheus`); its policy must let APS use it.
   * @default - required with `amazon-managed-prometheus`
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The platform's share of the self-hosted monitoring (`selfHosted.monitoring`): with `prometheus-operator`, the
 * PodMonitor of the Kafka cluster's pods; with `amazon-managed-prometheus`, the workspace, its scraper and the alert
 * topic (`AmazonManagedPrometheus`); with `none`, nothing. Pipelines add their own PodMonitors and rules.
 */
export class SelfHostedPlatformMonitoring extends Construct {
  public readonly monitoring: SelfHostedMonitoring;
  /** The workspace and its scraper, with `amazon-managed-prometheus`. */
  public readonly managedPrometheus?: AmazonManagedPrometheus;

  constructor(scope: Construct, id: string, props: SelfHostedPlatformMonitoringProps) {
    super(scope, id);
    const { platform } = props;
    const environment = platform.environment;
    throwIfProblems(`platform ${JSON.stringify(platform.names.prefix)} on the self-hosted flavor`, selfHostedMonitoringProblems(`environments.${environment.name}.selfHosted`, environment.selfHosted, environment.production));
    this.monitoring = selfHostedMonitoring(environment);
    if (this.monitoring === 'prometheus-operator') {
      props.manifests.apply(new KafkaMonitoringChart(props.manifests.app, 'kafka-monitoring', {
        namespace: platform.names.kafkaNamespace, clusterName: platform.names.kafkaCluster, labels: environment.selfHosted.monitoringLabels,
      }), { dependsOn: [props.kafka] });
    } else if (this.monitoring === 'amazon-managed-prometheus') {
      if (props.encryptionKey === undefined) throw new Error('SelfHostedPlatformMonitoring: amazon-managed-prometheus monitoring needs the platform\'s encryptionKey for its alert topic');
      this.managedPrometheus = new AmazonManagedPrometheus(this, 'ManagedPrometheus', {
        prefix: platform.names.prefix,
        cluster: props.cluster,
        manifests: props.manifests,
        subnets: props.subnets,
        kafkaNamespace: platform.names.kafkaNamespace,
        kafkaCluster: platform.names.kafkaCluster,
        encryptionKey: props.encryptionKey,
        emails: environment.selfHosted.alertEmails,
        dependsOn: [props.kafka],
      });
    }
  }
}
