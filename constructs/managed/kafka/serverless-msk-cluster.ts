import { RemovalPolicy, aws_ec2 as ec2, aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { MskClusterBase } from './managed-kafka-cluster';
import { MskBootstrapBrokers } from './msk-bootstrap-brokers';
import { MSK_IAM_CLIENT_PROPERTIES, MSK_IAM_PORT } from './msk-iam-client-properties';

/** Properties of {@link ServerlessMskCluster}. */
export interface ServerlessMskClusterProps {
  /** Cluster name (1–64 characters). */
  readonly clusterName: string;
  /** VPC of the cluster's endpoints. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the endpoints (2 or more zones).
   * @default - the VPC's private subnets with egress, one per zone
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * What happens to the cluster (and its records) on removal.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An MSK Serverless cluster: no brokers to size, IAM authentication only (always TLS, encrypted at rest with an
 * AWS-owned key), throughput and partition quotas per cluster (checked by the sizing model). Meant for dev: it has no
 * broker configuration (replication is fixed at 3) and no topic API, so topics are created through the Kafka protocol
 * (see ServerlessMskTopics).
 */
export class ServerlessMskCluster extends MskClusterBase {
  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly connection: KafkaClientConnection;
  public readonly connections: ec2.Connections;
  public readonly supportsTopicResources = false;
  /** The L1 cluster. */
  public readonly resource: msk.CfnServerlessCluster;

  constructor(scope: Construct, id: string, props: ServerlessMskClusterProps) {
    super(scope, id);
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true });
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Endpoints of MSK Serverless cluster ${props.clusterName}: IAM/TLS only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(MSK_IAM_PORT) });
    this.clusterName = props.clusterName;
    this.resource = new msk.CfnServerlessCluster(this, 'Resource', {
      clusterName: props.clusterName,
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfigs: [{ subnetIds: subnets.subnetIds, securityGroups: [securityGroup.securityGroupId] }],
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.clusterArn = this.resource.attrArn;
    const bootstrap = new MskBootstrapBrokers(this, 'BootstrapBrokers', { clusterArn: this.clusterArn });
    this.connection = { bootstrapServers: bootstrap.saslIam, properties: MSK_IAM_CLIENT_PROPERTIES };
  }
}
