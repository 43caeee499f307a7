import { KubectlV34Layer } from '@aws-cdk/lambda-layer-kubectl-v34';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { acknowledgeNonProductionRetention, allowLogGroupEncryption, auditLogRetention } from '../../common/log-group-encryption';
import { StorageClassChart } from '../../../charts/platform/storage-class-chart';
import { NodeGroupSizing } from '../../../lib/sizing/sizing-plan';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { acknowledgeProviderFramework } from '../../common/provider-framework-findings';
import { ClusterAutoscaler } from '../helm/cluster-autoscaler';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';
import { EbsCsiDriver } from './ebs-csi-driver';
import { VpcCni } from './vpc-cni';
import { NodeDiskSizes, PipelineNodeGroups } from './node-groups';

/** The Kubernetes version of the cluster: the newest with a kubectl Lambda layer and cdk8s-plus (both 1.34). */
export const KUBERNETES_VERSION = eks.KubernetesVersion.V1_34;
/**
 * Image with `kubectl` as its entry point, of the cluster's minor (batch-run schedules, the Kafka CA copy). Published
 * by the Kubernetes release process; the tag is not verified offline — pin a digest in production.
 */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.1';

/** Props of EksPlatform. */
export interface EksPlatformProps {
  /** The VPC; the control plane and nodes use its private subnets. */
  readonly vpc: ec2.IVpc;
  /** Cluster name (also the Cluster Autoscaler's discovery tag). */
  readonly clusterName: string;
  /** Zones of the private subnets (Kafka brokers get one node group per zone). */
  readonly availabilityZones: string[];
  /** Node groups from the plan's sizing. */
  readonly nodeGroups: { readonly system: NodeGroupSizing; readonly kafka: NodeGroupSizing; readonly flink: NodeGroupSizing };
  /**
   * CIDRs allowed to reach the Kubernetes API publicly. Empty: the endpoint is private (reachable from the VPC only;
   * the deployment's kubectl handler runs in the private subnets).
   * @default [] (private endpoint)
   */
  readonly publicAccessCidrs?: string[];
  /**
   * An IAM role granted cluster-admin (an access entry), e.g. the platform team's operator role.
   * @default - none: only the deployment's kubectl handler administers the cluster
   */
  readonly adminRole?: iam.IRole;
  /** @default - see NodeDiskSizes */
  readonly diskSizes?: NodeDiskSizes;
  /**
   * Retention of the control-plane logs (API, audit, authenticator, controller manager, scheduler).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Whether data survives the stack: the secrets key and the log group are retained, and released Kafka volumes are
   * kept (storage class reclaim policy `Retain`).
   * @default true
   */
  readonly retainData?: boolean;
}

/**
 * The EKS platform of the self-hosted flavor: a Kubernetes 1.34 cluster with a private API endpoint (public only from
 * the given CIDRs), every control-plane log type, Kubernetes secrets encrypted with a KMS key, managed node groups for
 * system, Kafka and Flink, the EBS CSI driver with an encrypted gp3 default storage class, and the Cluster Autoscaler.
 * Kubernetes objects go through `manifests`, which also writes them as plain YAML at synthesis.
 */
export class EksPlatform extends Construct {
  /** The storage class of Kafka volumes. */
  public static readonly STORAGE_CLASS = 'gp3-encrypted';

  public readonly cluster: eks.Cluster;
  public readonly secretsKey: kms.Key;
  /** IAM OIDC provider of the cluster's service account tokens (IRSA). */
  public readonly oidcProvider: iam.IOidcProvider;
  public readonly nodeGroups: PipelineNodeGroups;
  /** The VPC CNI add-on: pod networking under its own role, NetworkPolicies enforced. */
  public readonly vpcCni: VpcCni;
  public readonly ebsCsiDriver: EbsCsiDriver;
  public readonly clusterAutoscaler: ClusterAutoscaler;
  /** Applies charts to the cluster and writes them as YAML. */
  public readonly manifests: KubernetesManifests;
  /** The storage class manifest: volumes claimed after it exist are encrypted gp3. */
  public readonly storageClass: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: EksPlatformProps) {
    super(scope, id);
    const retain = props.retainData ?? true;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope encryption of Kubernetes secrets of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(retain ? 30 : 7),
    });
    // EKS writes to this group; creating it here sets a retention instead of "never expire".
    const logsKey = new kms.Key(this, 'ControlPlaneLogsKey', {
      description: `Encrypts the control plane (audit) logs of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(retain ? 30 : 7),
    });
    allowLogGroupEncryption(logsKey);
    for (const key of [this.secretsKey, logsKey]) acknowledgeGuardRules(key, GUARD_REASONS.keyPolicyRoot, [GuardRule.KMS_GRANT_FOR_AWS_SERVICES]);
    const controlPlaneLogs = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${props.clusterName}/cluster`,
      retention: props.logRetention ?? auditLogRetention(retain),
      encryptionKey: logsKey,
      removalPolicy,
    });
    acknowledgeNonProductionRetention(controlPlaneLogs, props.logRetention ?? auditLogRetention(retain));
    const publicCidrs = props.publicAccessCidrs ?? [];
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: KUBERNETES_VERSION,
      vpc: props.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess: publicCidrs.length === 0 ? eks.EndpointAccess.PRIVATE : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicCidrs),
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
      kubectlProviderOptions: { kubectlLayer: new KubectlV34Layer(this, 'KubectlLayer') },
      // Managed node groups sized by the plan; no Auto Mode, no default capacity.
      defaultCapacity: 0,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      bootstrapClusterCreatorAdminPermissions: false,
      mastersRole: props.adminRole,
    });
    this.cluster.node.addDependency(controlPlaneLogs);
    Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'aws-eks-v2 writes EncryptionConfig Resources ["secrets"]; the CloudFormation schema marks the property deprecated, but "secrets" is still the only value EKS accepts and the key encrypts them.',
    });
    this.acknowledgeClusterFindings();
    // The native IAM resource (no custom-resource Lambda), whatever the app's feature flags say.
    this.oidcProvider = new eks.OidcProviderNative(this, 'OidcProvider', { url: this.cluster.clusterOpenIdConnectIssuerUrl, removalPolicy });

    // The CNI add-on (its own role, network policy enforcement) before any node: nodes get no CNI permissions.
    this.vpcCni = new VpcCni(this, 'VpcCni', { cluster: this.cluster, oidcProvider: this.oidcProvider });
    this.nodeGroups = new PipelineNodeGroups(this, 'NodeGroups', {
      cluster: this.cluster,
      availabilityZones: props.availabilityZones,
      sizing: props.nodeGroups,
      diskSizes: props.diskSizes,
    });
    for (const group of this.nodeGroups.all) group.node.addDependency(this.vpcCni);
    this.ebsCsiDriver = new EbsCsiDriver(this, 'EbsCsiDriver', { cluster: this.cluster, oidcProvider: this.oidcProvider });
    // The add-on's pods need nodes to become ACTIVE.
    this.ebsCsiDriver.node.addDependency(this.nodeGroups.system);
    this.clusterAutoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', {
      cluster: this.cluster,
      oidcProvider: this.oidcProvider,
      clusterName: props.clusterName,
      dependsOn: [this.nodeGroups.system],
    });

    this.manifests = new KubernetesManifests(this, 'Manifests', { cluster: this.cluster });
    this.storageClass = this.manifests.apply(
      new StorageClassChart(this.manifests.app, 'storage-class', {
        storageClassName: EksPlatform.STORAGE_CLASS,
        provisioner: EbsCsiDriver.PROVISIONER,
        retainVolumes: retain,
      }),
      { dependsOn: [this.ebsCsiDriver] },
    );
  }

  /** Findings of the roles and functions aws-eks-v2 builds for the cluster and its kubectl provider. */
  private acknowledgeClusterFindings(): void {
    acknowledgeFindings(this.cluster,
      'EKS requires the cluster role to have AmazonEKSClusterPolicy; aws-eks-v2 attaches it to the role it creates.',
      [AwsSolutionsFinding.managedPolicy(this, 'AmazonEKSClusterPolicy')]);
    const kubectl = this.cluster.kubectlProvider;
    if (kubectl === undefined) return;
    if (kubectl.role) {
      acknowledgeFindings(kubectl,
        'aws-eks-v2 gives the kubectl handler role AWSLambdaBasicExecutionRole (logs), AWSLambdaVPCAccessExecutionRole '
        + '(its network interfaces in the private subnets), and ECR read-only policies (private, and public where the '
        + 'partition has it) so Helm can pull charts from OCI registries.',
        AwsSolutionsFinding.managedPoliciesOf(kubectl.role));
    }
    const handler = kubectl.node.tryFindChild('Handler');
    if (handler) {
      acknowledgeGuardRules(handler, 'aws-eks-v2\'s kubectl handler: it reaches the private cluster endpoint from the cluster\'s '
        + 'private subnets (VpcConfig is set from the cluster\'s subnets and security group, which guard cannot resolve).', [GuardRule.LAMBDA_IN_VPC]);
      acknowledgeFindings(handler,
        'aws-eks-v2 chooses the kubectl handler\'s Python runtime (the one its kubectl and AWS CLI layers are built for); '
        + 'it is not configurable.',
        [AwsSolutionsFinding.rule('L1')]);
    }
    const provider = kubectl.node.tryFindChild('Provider');
    if (provider instanceof cr.Provider) acknowledgeProviderFramework(provider);
  }
}
