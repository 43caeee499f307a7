import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AwsSolutionsFinding, acknowledgeFindings } from './aws-solutions-findings';

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
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT });
  }
}
