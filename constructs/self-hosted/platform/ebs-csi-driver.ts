import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addIrsaAddon } from './irsa-addon';
import { ServiceAccountRole } from './service-account-role';

/** Props of EbsCsiDriver. */
export interface EbsCsiDriverProps {
  readonly cluster: eks.Cluster;
  /** The cluster's IAM OIDC provider (the controller's role trusts it). */
  readonly oidcProvider: iam.IOidcProvider;
  /**
   * Add-on version, e.g. `v1.48.0-eksbuild.2`.
   * @default - the default version of the add-on for the cluster's Kubernetes version, chosen by EKS at creation
   */
  readonly addonVersion?: string;
}

/** The AWS managed policy of the EBS CSI driver's controller. */
const EBS_CSI_DRIVER_POLICY = 'service-role/AmazonEBSCSIDriverPolicy';

/**
 * The Amazon EBS CSI driver as an EKS add-on: provisions the EBS volumes of Kafka brokers and controllers. Its
 * controller runs under its own IAM role (the AWS managed `AmazonEBSCSIDriverPolicy`), never the node role.
 */
export class EbsCsiDriver extends Construct {
  /** The service account the add-on's controller runs as. */
  public static readonly SERVICE_ACCOUNT = 'ebs-csi-controller-sa';
  /** The CSI provisioner name storage classes refer to. */
  public static readonly PROVISIONER = 'ebs.csi.aws.com';

  public readonly addon: eks.CfnAddon;
  public readonly role: ServiceAccountRole;

  constructor(scope: Construct, id: string, props: EbsCsiDriverProps) {
    super(scope, id);
    ({ role: this.role, addon: this.addon } = addIrsaAddon(this, {
      cluster: props.cluster,
      oidcProvider: props.oidcProvider,
      addonName: 'aws-ebs-csi-driver',
      addonVersion: props.addonVersion,
      serviceAccountName: EbsCsiDriver.SERVICE_ACCOUNT,
      managedPolicy: EBS_CSI_DRIVER_POLICY,
      roleDescription: 'EBS CSI driver controller: creates, attaches and resizes the cluster\'s EBS volumes',
      managedPolicyReason: 'AWS maintains AmazonEBSCSIDriverPolicy with the driver: the EC2 volume and snapshot calls it makes as it evolves, '
        + 'with volume changes conditioned on the tags the driver puts on its volumes. Only this service account assumes the role.',
    }));
  }
}
