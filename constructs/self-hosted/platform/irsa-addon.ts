import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { ServiceAccountRole } from './service-account-role';

/** What an EKS add-on that runs under its own IAM role needs. */
export interface IrsaAddonProps {
  readonly cluster: eks.ICluster;
  /** The cluster's IAM OIDC provider (the add-on's role trusts it). */
  readonly oidcProvider: iam.IOidcProvider;
  readonly addonName: string;
  /** @default - the default version of the add-on for the cluster's Kubernetes version, chosen by EKS at creation */
  readonly addonVersion?: string;
  /** The add-on's service account in `kube-system`. */
  readonly serviceAccountName: string;
  /** The AWS managed policy the add-on needs (its only permissions). */
  readonly managedPolicy: string;
  readonly roleDescription: string;
  /** Why the AWS managed policy is acceptable (acknowledged on the role). */
  readonly managedPolicyReason: string;
  /** @default - the add-on's defaults */
  readonly configurationValues?: Record<string, string>;
}

/**
 * A managed EKS add-on whose pods run under their own IAM role (IRSA) with one AWS managed policy, never the nodes'
 * role: the role `Role` and the add-on `Resource`, as children of `scope`. The add-on takes over a self-managed
 * installation of the same name (`resolveConflicts: OVERWRITE`).
 */
export function addIrsaAddon(scope: Construct, props: IrsaAddonProps): { readonly role: ServiceAccountRole; readonly addon: eks.CfnAddon } {
  const role = new ServiceAccountRole(scope, 'Role', {
    oidcProvider: props.oidcProvider,
    namespace: 'kube-system',
    serviceAccountName: props.serviceAccountName,
    description: props.roleDescription,
  });
  role.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(props.managedPolicy));
  acknowledgeFindings(role, props.managedPolicyReason, [AwsSolutionsFinding.managedPolicy(scope, props.managedPolicy)]);
  const addon = new eks.CfnAddon(scope, 'Resource', {
    clusterName: props.cluster.clusterName,
    addonName: props.addonName,
    addonVersion: props.addonVersion,
    serviceAccountRoleArn: role.role.roleArn,
    resolveConflicts: 'OVERWRITE',
    configurationValues: props.configurationValues === undefined ? undefined : JSON.stringify(props.configurationValues),
  });
  return { role, addon };
}
