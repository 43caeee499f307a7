import { Fn, Stack, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { KafkaClientConnection } from '../../../lib/plan/connections';

/**
 * What the managed flavor needs from an MSK cluster, whatever its kind (provisioned, Express, Serverless):
 * how clients connect, and IAM grants scoped to named topics and consumer groups.
 */
export interface IManagedKafkaCluster extends IConstruct, ec2.IConnectable {
  /** ARN of the cluster. */
  readonly clusterArn: string;
  /** Name of the cluster. */
  readonly clusterName: string;
  /** Bootstrap servers (IAM listener) and the MSK IAM client properties. */
  readonly connection: KafkaClientConnection;
  /**
   * Whether topics can be declared as `AWS::MSK::Topic` (MSK provisioned clusters, Kafka ≥ 3.6).
   * MSK Serverless has no topic API: its topics are created through the Kafka protocol.
   */
  readonly supportsTopicResources: boolean;
  /** ARN of a topic of this cluster, for IAM. */
  topicArn(topicName: string): string;
  /** ARN of a consumer group of this cluster, for IAM. */
  groupArn(groupId: string): string;
  /** Lets the grantee read the named topics as the named consumer group. */
  grantConsume(grantee: iam.IGrantable, topicNames: readonly string[], groupId: string): iam.Grant;
  /** Lets the grantee write the named topics. */
  grantProduce(grantee: iam.IGrantable, topicNames: readonly string[]): iam.Grant;
}

/**
 * Grants and ARNs shared by every MSK cluster kind. The cluster UUID is the last segment of the cluster ARN
 * (`arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`); topic and group ARNs reuse name and UUID.
 */
export abstract class MskClusterBase extends Construct implements IManagedKafkaCluster {
  public abstract readonly clusterArn: string;
  public abstract readonly clusterName: string;
  public abstract readonly connection: KafkaClientConnection;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly supportsTopicResources: boolean;

  public topicArn(topicName: string): string {
    return this.dataPlaneArn('topic', topicName);
  }

  public groupArn(groupId: string): string {
    return this.dataPlaneArn('group', groupId);
  }

  public grantConsume(grantee: iam.IGrantable, topicNames: readonly string[], groupId: string): iam.Grant {
    const connect = this.grantConnect(grantee);
    if (topicNames.length === 0) return connect;
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      resourceArns: topicNames.map((t) => this.topicArn(t)),
    });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      resourceArns: [this.groupArn(groupId)],
    });
  }

  public grantProduce(grantee: iam.IGrantable, topicNames: readonly string[]): iam.Grant {
    if (topicNames.length === 0) return this.grantConnect(grantee);
    // Kafka clients ≥ 3.0 produce idempotently by default, which MSK authorizes on the cluster.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
      resourceArns: [this.clusterArn],
    });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resourceArns: topicNames.map((t) => this.topicArn(t)),
    });
  }

  private grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:Connect'], resourceArns: [this.clusterArn] });
  }

  private dataPlaneArn(resource: 'topic' | 'group', name: string): string {
    const clusterUuid = Fn.select(2, Fn.split('/', this.clusterArn));
    return Stack.of(this).formatArn({
      service: 'kafka',
      resource,
      resourceName: `${this.clusterName}/${clusterUuid}/${name}`,
    });
  }
}
