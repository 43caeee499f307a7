import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { MskClusterBase } from './managed-kafka-cluster';
import { MSK_IAM_CLIENT_PROPERTIES, MSK_IAM_PORT } from './msk-iam-client-properties';

/** Properties of {@link ImportedMskCluster}. */
export interface ImportedMskClusterProps {
  /** ARN of the cluster (may be a deploy-time token). */
  readonly clusterArn: string;
  /** Name of the cluster (topic and group ARNs carry it). */
  readonly clusterName: string;
  /** Bootstrap servers of the IAM listener (may be a deploy-time token). */
  readonly bootstrapServers: string;
  /** Security group of the brokers: clients get ingress rules on it. */
  readonly securityGroupId: string;
  /** Whether the cluster takes `AWS::MSK::Topic` (provisioned) or needs topics over Kafka (Serverless). */
  readonly supportsTopicResources: boolean;
}

/**
 * An MSK cluster of a platform, as a pipeline in another stack sees it: IAM grants scoped to the pipeline's topics and
 * groups, and network access for the pipeline's clients (an ingress rule on the brokers' security group per client,
 * owned by the pipeline's stack).
 */
export class ImportedMskCluster extends MskClusterBase {
  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly connection: KafkaClientConnection;
  public readonly connections: ec2.Connections;
  public readonly supportsTopicResources: boolean;

  constructor(scope: Construct, id: string, props: ImportedMskClusterProps) {
    super(scope, id);
    this.clusterArn = props.clusterArn;
    this.clusterName = props.clusterName;
    this.supportsTopicResources = props.supportsTopicResources;
    this.connection = { bootstrapServers: props.bootstrapServers, properties: MSK_IAM_CLIENT_PROPERTIES };
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'SecurityGroup', props.securityGroupId, { allowAllOutbound: false });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(MSK_IAM_PORT) });
  }
}
