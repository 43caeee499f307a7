import { CfnJson } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeStackSingleton } from '../../common/guard-findings';

/** Props of ServiceAccountRole. */
export interface ServiceAccountRoleProps {
  /** The IAM OIDC provider of the cluster's service account token issuer. */
  readonly oidcProvider: iam.IOidcProvider;
  /** Namespace of the Kubernetes service account. */
  readonly namespace: string;
  /** Name of the Kubernetes service account. */
  readonly serviceAccountName: string;
  /**
   * Description of the role.
   * @default - names the service account
   */
  readonly description?: string;
}

/**
 * An IAM role that exactly one Kubernetes service account can assume (IAM roles for service accounts, IRSA).
 *
 * IRSA rather than EKS Pod Identity: the web-identity provider is in the default credential chain of every AWS SDK the
 * pods use — including the AWS SDK for Java 1.x inside Flink's S3 file system plugins — while Pod Identity needs
 * recent SDK versions. The role trusts the cluster's OIDC issuer with `sub` = `system:serviceaccount:<ns>:<name>` and
 * `aud` = `sts.amazonaws.com`. The service account itself is a Kubernetes object of the caller's chart, annotated with
 * `annotations`.
 */
export class ServiceAccountRole extends Construct implements iam.IGrantable {
  /** The role. */
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  /** Namespace of the service account. */
  public readonly namespace: string;
  /** Name of the service account. */
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccountName;
    const issuer = props.oidcProvider.oidcProviderIssuer;
    // The issuer is a token: the condition keys need a CfnJson to be rendered as object keys.
    const conditions = new CfnJson(this, 'TrustConditions', {
      value: {
        [`${issuer}:aud`]: 'sts.amazonaws.com',
        [`${issuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
      },
    });
    acknowledgeStackSingleton(this, 'AWSCDKCfnUtilsProviderCustomResourceProvider', GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    this.role = new iam.Role(this, 'Resource', {
      assumedBy: new iam.OpenIdConnectPrincipal(props.oidcProvider).withConditions({ StringEquals: conditions }),
      description: props.description ?? `Kubernetes service account ${props.namespace}/${props.serviceAccountName}`,
    });
    this.grantPrincipal = this.role;
  }

  /** The annotation that binds the Kubernetes service account to the role. */
  public get annotations(): Record<string, string> {
    return { 'eks.amazonaws.com/role-arn': this.role.roleArn };
  }
}
