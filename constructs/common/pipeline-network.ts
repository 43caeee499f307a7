import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AwsSolutionsFinding, acknowledgeFindings } from './aws-solutions-findings';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules, acknowledgeStackSingleton } from './guard-findings';
import { acknowledgeNonProductionRetention, allowLogGroupEncryption, auditLogRetention } from './log-group-encryption';

/** Props of PipelineNetwork. */
export interface PipelineNetworkProps {
  /** Availability zones of the private subnets (Kafka brokers are spread over them). */
  readonly availabilityZones: string[];
  /**
   * NAT gateways for egress (one per zone keeps egress zone-independent).
   * @default - one per availability zone
   */
  readonly natGateways?: number;
  /**
   * IPv4 range of the VPC. Private subnets are /19 per zone: EKS pods take one VPC address each.
   * @default '10.40.0.0/16'
   */
  readonly cidr?: string;
  /**
   * What happens to the flow-log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Production network: flow logs record ALL traffic (not only rejected) and are kept a year.
   * @default true
   */
  readonly production?: boolean;
}

/** The interface endpoints every flavor uses: Glue catalog, STS (IRSA / web identity), ECR pulls, CloudWatch Logs. */
const INTERFACE_ENDPOINTS: ReadonlyArray<[string, ec2.InterfaceVpcEndpointAwsService]> = [
  ['Glue', ec2.InterfaceVpcEndpointAwsService.GLUE],
  ['Sts', ec2.InterfaceVpcEndpointAwsService.STS],
  ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
  ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
  ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
];

/**
 * The VPC of a pipeline: public subnets only for NAT, private subnets for everything else, a gateway endpoint for S3
 * (checkpoint and warehouse traffic stays off NAT), interface endpoints for Glue, STS, ECR and logs, and flow logs.
 */
export class PipelineNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The private subnets workloads run in. */
  public readonly privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  /** Number of interface endpoints (each is billed per zone-hour; the cost model counts them). */
  public readonly interfaceEndpointCount = INTERFACE_ENDPOINTS.length;
  /** Key of the flow-log group. */
  public readonly flowLogsKey: kms.Key;

  constructor(scope: Construct, id: string, props: PipelineNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.40.0.0/16'),
      availabilityZones: props.availabilityZones,
      natGateways: props.natGateways ?? props.availabilityZones.length,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    for (const [name, service] of INTERFACE_ENDPOINTS) {
      const endpoint = this.vpc.addInterfaceEndpoint(`${name}Endpoint`, { service, subnets: this.privateSubnets, privateDnsEnabled: true });
      acknowledgeFindings(endpoint,
        'Endpoint security groups admit HTTPS from the VPC CIDR only (a Fn::GetAtt the rule cannot read), not 0.0.0.0/0.',
        [AwsSolutionsFinding.rule('EC23')]);
    }
    for (const subnet of this.vpc.publicSubnets) {
      // Only NAT gateways live in the public subnets, and they get Elastic IPs: nothing is given a public IP by default.
      const cfn = subnet.node.defaultChild;
      if (cfn instanceof ec2.CfnSubnet) cfn.mapPublicIpOnLaunch = false;
    }
    const production = props.production ?? true;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.flowLogsKey = new kms.Key(this, 'FlowLogsKey', { description: 'Encrypts the VPC flow logs', enableKeyRotation: true, removalPolicy });
    allowLogGroupEncryption(this.flowLogsKey);
    acknowledgeGuardRules(this.flowLogsKey, GUARD_REASONS.keyPolicyRoot, [GuardRule.KMS_GRANT_FOR_AWS_SERVICES]);
    acknowledgeStackSingleton(this, 'Custom::VpcRestrictDefaultSGCustomResourceProvider', GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: auditLogRetention(production), encryptionKey: this.flowLogsKey, removalPolicy });
    acknowledgeNonProductionRetention(flowLogs, auditLogRetention(production));
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: production ? ec2.FlowLogTrafficType.ALL : ec2.FlowLogTrafficType.REJECT,
    });
  }
}
