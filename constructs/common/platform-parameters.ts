import { Fn, aws_ssm as ssm } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Flavor } from '../../lib/flavor';
import { PlatformNames } from '../../lib/plan/platform-plan';

/**
 * The values a platform publishes for its pipelines, as SSM parameters under
 * `/event-pipelines/<platform>/<env>/<flavor>/<key>`. SSM rather than CloudFormation exports: an export cannot change
 * while another stack imports it, which would lock the platform to its pipelines. A pipeline stack reads them at
 * deploy time (`AWS::SSM::Parameter::Value<String>` parameters), so it needs only the platform's name.
 */
export enum PlatformParameter {
  VPC_ID = 'network/vpc-id',
  /** Comma-separated, one per availability zone, in the environment's zone order. */
  PRIVATE_SUBNET_IDS = 'network/private-subnet-ids',
  LAKEHOUSE_KEY_ARN = 'lakehouse/key-arn',
  WAREHOUSE_BUCKET = 'lakehouse/warehouse-bucket',
  CHECKPOINT_BUCKET = 'lakehouse/checkpoint-bucket',
  ACCESS_LOGS_BUCKET = 'lakehouse/access-logs-bucket',
  KAFKA_BOOTSTRAP_SERVERS = 'kafka/bootstrap-servers',
  /** Managed: the MSK cluster ARN. */
  KAFKA_CLUSTER_ARN = 'kafka/cluster-arn',
  /** Managed: the security group of the brokers; pipelines add their clients' ingress rules to it. */
  KAFKA_SECURITY_GROUP_ID = 'kafka/security-group-id',
  /** Self-hosted: the EKS cluster. */
  EKS_CLUSTER_NAME = 'eks/cluster-name',
  /** Self-hosted: service token of the kubectl provider pipelines apply their manifests through. */
  KUBECTL_SERVICE_TOKEN = 'eks/kubectl-service-token',
  /** Self-hosted: role of the kubectl provider's handler (cluster admin). */
  KUBECTL_ROLE_ARN = 'eks/kubectl-role-arn',
  /** Self-hosted: IAM OIDC provider of the cluster's service-account tokens (IRSA). */
  OIDC_PROVIDER_ARN = 'eks/oidc-provider-arn',
  /** Self-hosted with `amazon-managed-prometheus` monitoring: the workspace pipelines add their alert rules to. */
  PROMETHEUS_WORKSPACE_ARN = 'monitoring/prometheus-workspace-arn',
}

/** Props of PlatformParameters. */
export interface PlatformParametersProps {
  readonly names: PlatformNames;
  readonly flavor: Flavor;
}

/** Publishes a platform's values as SSM parameters (see {@link PlatformParameter}). */
export class PlatformParameters extends Construct {
  private readonly names: PlatformNames;
  private readonly flavor: Flavor;
  private readonly published = new Map<PlatformParameter, ssm.StringParameter>();

  constructor(scope: Construct, id: string, props: PlatformParametersProps) {
    super(scope, id);
    this.names = props.names;
    this.flavor = props.flavor;
  }

  /** Publishes one value (a token is fine: it is resolved at deploy time). */
  public publish(key: PlatformParameter, value: string): ssm.StringParameter {
    if (this.published.has(key)) throw new Error(`PlatformParameters: ${key} is published twice`);
    const parameter = new ssm.StringParameter(this, key, {
      parameterName: this.names.parameterName(this.flavor, key),
      stringValue: value,
      description: `${key} of platform ${this.names.stackName(this.flavor)}, read by its pipelines`,
    });
    this.published.set(key, parameter);
    return parameter;
  }

  /** Keys published so far. */
  public get keys(): PlatformParameter[] {
    return [...this.published.keys()];
  }
}

/** Props of PlatformLookup. */
export interface PlatformLookupProps {
  readonly names: PlatformNames;
  readonly flavor: Flavor;
  /** Number of availability zones (private subnets) of the platform's environment. */
  readonly zones: number;
}

/**
 * Reads the values a platform published, at deploy time, each once per stack: a pipeline stack that knows only the
 * platform's name (and environment) can target it from any CDK app.
 */
export class PlatformLookup extends Construct {
  private readonly names: PlatformNames;
  private readonly flavor: Flavor;
  private readonly zones: number;
  private readonly values = new Map<PlatformParameter, string>();

  constructor(scope: Construct, id: string, props: PlatformLookupProps) {
    super(scope, id);
    this.names = props.names;
    this.flavor = props.flavor;
    this.zones = props.zones;
  }

  /** The value of a parameter (a deploy-time token). */
  public value(key: PlatformParameter): string {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = ssm.StringParameter.valueForStringParameter(this, this.names.parameterName(this.flavor, key));
    this.values.set(key, value);
    return value;
  }

  /** The private subnet ids, one per zone. */
  public privateSubnetIds(): string[] {
    return Fn.split(',', this.value(PlatformParameter.PRIVATE_SUBNET_IDS), this.zones);
  }
}
