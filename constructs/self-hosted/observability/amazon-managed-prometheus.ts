import { Fn, Stack, aws_aps as aps, aws_eks as eksL1, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subscriptions } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { PAGE_SEVERITY } from '../../../charts/observability/prometheus-signal-rules';
import { managedScrapeConfiguration } from '../../../charts/observability/prometheus-scrape-configuration';
import { MANAGED_SCRAPER_USER, PrometheusScraperAccessChart } from '../../../charts/observability/prometheus-scraper-access-chart';
import { allowPrometheusAlertNotifications } from '../../common/alarm-topic-encryption';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';

/** Props of AmazonManagedPrometheus. */
export interface AmazonManagedPrometheusProps {
  /** `<platform>-<env>`: names the workspace, the scraper and the alert topic. */
  readonly prefix: string;
  readonly cluster: eks.Cluster;
  /** Where the scraper's access (ClusterRole and binding) is applied. */
  readonly manifests: KubernetesManifests;
  /** Subnets of the scraper's network interfaces: the cluster's private subnets (two zones at least). */
  readonly subnets: ec2.ISubnet[];
  /** Namespace and name of the Strimzi Kafka cluster it scrapes. */
  readonly kafkaNamespace: string;
  readonly kafkaCluster: string;
  /** The platform's key the alert topic is encrypted with; APS is allowed to use it (`allowPrometheusAlertNotifications`). */
  readonly encryptionKey: kms.IKey;
  /**
   * E-mail addresses subscribed to the alert topic (each must confirm SNS's mail).
   * @default - none
   */
  readonly emails?: readonly string[];
  /** What must be in the cluster before the scraper's access is applied (the node groups). */
  readonly dependsOn?: IDependable[];
}

/**
 * The `amazon-managed-prometheus` monitoring of a self-hosted platform, all managed by AWS (no agent in the cluster):
 * - a workspace, whose alert manager sends the alerts of severity `critical` (the pipelines' paging signals) to an
 *   SNS topic (encrypted with the platform's key, TLS only) on firing and on resolution, and drops the others
 *   (severity `info`: shown-only signals);
 * - an agentless scraper of the EKS cluster writing to it, with `managedScrapeConfiguration` (Flink pods, the Kafka
 *   cluster's pods, the kubelets' volume statistics), an EKS access entry mapping its role to `aps-collector-user`
 *   and the read-only ClusterRole bound to that user.
 * Pipelines add their rules to the workspace (`AWS::APS::RuleGroupsNamespace`) from their own stacks.
 *
 * Synthesized and checked offline only: the scraper's reach (its network interfaces carry the cluster security
 * group), the access-entry principal and the alert manager's SNS delivery are not proven against an AWS account.
 */
export class AmazonManagedPrometheus extends Construct {
  public readonly workspace: aps.CfnWorkspace;
  public readonly scraper: aps.CfnScraper;
  /** The topic paging alerts go to (subscribe e-mail or a pager to it). */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AmazonManagedPrometheusProps) {
    super(scope, id);
    const stack = Stack.of(this);
    allowPrometheusAlertNotifications(props.encryptionKey);
    this.topic = new sns.Topic(this, 'AlertTopic', { topicName: `${props.prefix}-alerts`, masterKey: props.encryptionKey, enforceSSL: true });
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.workspace = new aps.CfnWorkspace(this, 'Workspace', {
      alias: `${props.prefix}-signals`,
      alertManagerDefinition: alertManagerDefinition(this.topic.topicArn, stack.region),
    });
    // The topic policy replaces SNS's default one: let this workspace's alert manager publish.
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'PrometheusAlertManager',
      principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
      actions: ['sns:Publish', 'sns:GetTopicAttributes'],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': this.workspace.attrArn } },
    }));
    this.scraper = new aps.CfnScraper(this, 'Scraper', {
      alias: `${props.prefix}-eks`,
      source: {
        eksConfiguration: {
          clusterArn: props.cluster.clusterArn,
          subnetIds: props.subnets.map((s) => s.subnetId),
          securityGroupIds: [props.cluster.clusterSecurityGroupId],
        },
      },
      destination: { ampConfiguration: { workspaceArn: this.workspace.attrArn } },
      scrapeConfiguration: { configurationBlob: Buffer.from(managedScrapeConfiguration(props.kafkaNamespace, props.kafkaCluster)).toString('base64') },
    });
    // The scraper's service-linked role, named without its path (`aws-service-role/scraper.aps.amazonaws.com/`), the
    // form IAM role mappings of EKS take. Not verified offline: if the access entry refuses it, map attrRoleArn as is.
    const roleName = Fn.select(3, Fn.split('/', this.scraper.attrRoleArn));
    const access = new eksL1.CfnAccessEntry(this, 'ScraperAccess', {
      clusterName: props.cluster.clusterName,
      principalArn: `arn:${stack.partition}:iam::${stack.account}:role/${roleName}`,
      username: MANAGED_SCRAPER_USER,
      type: 'STANDARD',
    });
    // The scraper retries discovery until its access entry and ClusterRole exist (the entry needs the scraper's role).
    const rbac = props.manifests.apply(new PrometheusScraperAccessChart(props.manifests.app, 'prometheus-scraper-access'), { dependsOn: props.dependsOn });
    access.node.addDependency(rbac);
  }
}

/**
 * The workspace's alert manager configuration: paging alerts (severity `critical`) to the SNS topic, firing and
 * resolved, grouped per pipeline and signal; everything else to a receiver without destinations.
 */
export function alertManagerDefinition(topicArn: string, region: string): string {
  const config = [
    'route:',
    '  receiver: silent',
    '  group_by: [pipeline, alertname, signal]',
    '  routes:',
    '    - receiver: pager',
    '      match:',
    `        severity: ${PAGE_SEVERITY}`,
    'receivers:',
    '  - name: silent',
    '  - name: pager',
    '    sns_configs:',
    `      - topic_arn: ${topicArn}`,
    '        send_resolved: true',
    '        sigv4:',
    `          region: ${region}`,
  ];
  return ['alertmanager_config: |', ...config.map((line) => `  ${line}`), ''].join('\n');
}
