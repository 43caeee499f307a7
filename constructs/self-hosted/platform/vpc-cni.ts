import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addIrsaAddon } from './irsa-addon';
import { ServiceAccountRole } from './service-account-role';

/** Props of VpcCni. */
export interface VpcCniProps {
  readonly cluster: eks.Cluster;
  /** The cluster's IAM OIDC provider (the aws-node role trusts it). */
  readonly oidcProvider: iam.IOidcProvider;
  /**
   * Add-on version, e.g. `v1.20.4-eksbuild.1`.
   * @default - the default version of the add-on for the cluster's Kubernetes version, chosen by EKS at creation
   */
  readonly addonVersion?: string;
}

/** The AWS managed policy the VPC CNI's `aws-node` needs to assign pod IPs. */
const CNI_POLICY = 'AmazonEKS_CNI_Policy';

/**
 * The Amazon VPC CNI as a managed EKS add-on, configured to enforce Kubernetes NetworkPolicies (its network policy
 * agent; without it the policies Strimzi writes for its listeners are accepted and ignored), and running `aws-node`
 * under its own IAM role (IRSA) instead of the nodes' role: a pod that reaches the node's credentials cannot use the
 * CNI's EC2 network-interface permissions.
 */
export class VpcCni extends Construct {
  /** The service account of the CNI's DaemonSet. */
  public static readonly SERVICE_ACCOUNT = 'aws-node';

  public readonly addon: eks.CfnAddon;
  public readonly role: ServiceAccountRole;

  constructor(scope: Construct, id: string, props: VpcCniProps) {
    super(scope, id);
    ({ role: this.role, addon: this.addon } = addIrsaAddon(this, {
      cluster: props.cluster,
      oidcProvider: props.oidcProvider,
      addonName: 'vpc-cni',
      addonVersion: props.addonVersion,
      serviceAccountName: VpcCni.SERVICE_ACCOUNT,
      managedPolicy: CNI_POLICY,
      roleDescription: 'VPC CNI (aws-node): assigns pod IP addresses from the VPC, instead of the node role',
      managedPolicyReason: 'AWS maintains AmazonEKS_CNI_Policy with the VPC CNI (the EC2 network-interface and IP calls aws-node makes); only '
        + 'the aws-node service account assumes this role, which the node role no longer carries.',
      // EKS installs a self-managed vpc-cni with the cluster: the managed add-on takes it over, policy agent on.
      configurationValues: { enableNetworkPolicy: 'true' },
    }));
  }
}
