import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { ManagedPlatform } from '../../constructs/managed/managed-platform';
import { Flavor } from '../flavor';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/**
 * The managed platform of an environment: VPC, lakehouse storage and the MSK cluster. Publishes the cluster's ARN,
 * bootstrap servers and brokers' security group for the pipelines' stacks.
 */
export class ManagedPlatformStack extends PlatformStack {
  public readonly managed: ManagedPlatform;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, Flavor.MANAGED, props);
    this.managed = new ManagedPlatform(this, 'Managed', { platform: this.platform, vpc: this.vpc });
    const { kafka } = this.managed;
    const securityGroup = kafka.connections.securityGroups[0];
    if (securityGroup === undefined) throw new Error('ManagedPlatformStack: the MSK cluster has no security group');
    this.parameters.publish(PlatformParameter.KAFKA_CLUSTER_ARN, kafka.clusterArn);
    this.parameters.publish(PlatformParameter.KAFKA_BOOTSTRAP_SERVERS, kafka.connection.bootstrapServers);
    this.parameters.publish(PlatformParameter.KAFKA_SECURITY_GROUP_ID, securityGroup.securityGroupId);
    new CfnOutput(this, 'KafkaBootstrapServers', { value: kafka.connection.bootstrapServers, description: 'Bootstrap servers (SASL_SSL with AWS_MSK_IAM, port 9098)' });
  }
}
