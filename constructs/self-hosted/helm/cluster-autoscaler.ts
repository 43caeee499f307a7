import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { PLATFORM_WORKLOADS } from '../../../lib/sizing/platform-pods';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { NodeRole } from '../platform/node-role';
import { ServiceAccountRole } from '../platform/service-account-role';
import { ContainerResources, PodPlacement, containerResources } from './common-values';
import { HelmAddOn } from './helm-add-on';
import { HelmChartVersion } from './helm-chart-version';

/** The values of the Cluster Autoscaler chart this project sets. */
export interface ClusterAutoscalerValues extends PodPlacement {
  readonly cloudProvider: 'aws';
  readonly awsRegion: string;
  /** Finds the cluster's Auto Scaling groups by the tags EKS puts on managed node groups. */
  readonly autoDiscovery: { readonly clusterName: string };
  readonly image: { readonly tag: string };
  readonly rbac: { readonly serviceAccount: { readonly create: boolean; readonly name: string; readonly annotations: Record<string, string> } };
  /** Command-line flags of the autoscaler. */
  readonly extraArgs: Record<string, string | boolean>;
  readonly resources: ContainerResources;
}

/** Props of ClusterAutoscaler. */
export interface ClusterAutoscalerProps {
  readonly cluster: eks.ICluster;
  /** The cluster's IAM OIDC provider (the autoscaler's role trusts it). */
  readonly oidcProvider: iam.IOidcProvider;
  /** The cluster's name as a plain string (IAM conditions and auto-discovery tags use it). */
  readonly clusterName: string;
  /**
   * Cluster Autoscaler image tag; its minor must equal the Kubernetes minor.
   * @default 'v1.34.2'
   */
  readonly imageTag?: string;
  /**
   * The chart.
   * @default HelmChartVersion.CLUSTER_AUTOSCALER
   */
  readonly chart?: HelmChartVersion;
  /** @default - nothing */
  readonly dependsOn?: IDependable[];
}

/**
 * Kubernetes Cluster Autoscaler: adds Flink nodes when TaskManagers are pending (the Flink autoscaler raised a job's
 * parallelism) and removes idle ones. It manages the node groups EKS tags for auto-discovery; fixed-size groups
 * (Kafka brokers) are left alone because their min = max. Chosen over Karpenter because the node groups are managed
 * node groups with fixed instance types from the sizing model, which is the case Cluster Autoscaler is built for.
 */
export class ClusterAutoscaler extends Construct {
  /** Namespace and service account of the autoscaler. */
  public static readonly NAMESPACE = 'kube-system';
  public static readonly SERVICE_ACCOUNT = 'cluster-autoscaler';

  /** The IAM role of the autoscaler's service account. */
  public readonly role: ServiceAccountRole;
  /** The Helm release. */
  public readonly addOn: HelmAddOn<ClusterAutoscalerValues>;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    this.role = new ServiceAccountRole(this, 'Role', {
      oidcProvider: props.oidcProvider,
      namespace: ClusterAutoscaler.NAMESPACE,
      serviceAccountName: ClusterAutoscaler.SERVICE_ACCOUNT,
      description: 'Cluster Autoscaler: resizes the node groups of its own cluster only',
    });
    // Read-only discovery everywhere; resizing only groups tagged as owned by this cluster.
    this.role.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'eks:DescribeNodegroup',
      ],
      resources: ['*'],
    }));
    this.role.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned' } },
    }));
    acknowledgeFindings(this.role,
      'The autoscaler\'s Describe calls have no resource-level permissions; SetDesiredCapacity and '
      + 'TerminateInstanceInAutoScalingGroup are on "*" but conditioned on the tag k8s.io/cluster-autoscaler/<cluster>=owned.',
      [AwsSolutionsFinding.wildcardResource(this, '*')]);
    this.addOn = new HelmAddOn(this, 'Chart', {
      cluster: props.cluster,
      chart: props.chart ?? HelmChartVersion.CLUSTER_AUTOSCALER,
      release: 'cluster-autoscaler',
      namespace: ClusterAutoscaler.NAMESPACE,
      dependsOn: [...(props.dependsOn ?? []), this.role],
      values: {
        cloudProvider: 'aws',
        awsRegion: Stack.of(this).region,
        autoDiscovery: { clusterName: props.clusterName },
        image: { tag: props.imageTag ?? 'v1.34.2' },
        rbac: { serviceAccount: { create: true, name: ClusterAutoscaler.SERVICE_ACCOUNT, annotations: this.role.annotations } },
        extraArgs: {
          'balance-similar-node-groups': true,
          expander: 'least-waste',
          'skip-nodes-with-system-pods': true,
          'skip-nodes-with-local-storage': false,
          'scale-down-unneeded-time': '10m',
        },
        resources: containerResources(PLATFORM_WORKLOADS.clusterAutoscaler.containers.autoscaler, 2),
        nodeSelector: NodeRole.SYSTEM.nodeSelector,
      },
    });
  }
}
