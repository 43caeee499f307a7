import { RemovalPolicy, aws_msk as msk } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TopicPlan } from '../../../lib/plan/pipeline-plan';
import { IManagedKafkaCluster } from '../kafka/managed-kafka-cluster';
import { encodeTopicConfigs, tieredStorageTopicConfigs } from './msk-topic-configs';

/** Properties of {@link MskTopics}. */
export interface MskTopicsProps {
  /** The MSK provisioned cluster (Standard or Express brokers). */
  readonly cluster: IManagedKafkaCluster;
  /** The plan's topics. */
  readonly topics: readonly TopicPlan[];
  /**
   * Topic configs the cluster fixes and refuses to set per topic (Express brokers fix `min.insync.replicas`).
   * They are left out of `Configs`; the validation rules check the plan agrees with the fixed value.
   * @default - none
   */
  readonly fixedConfigs?: readonly string[];
  /**
   * What happens to a topic (and its records) when removed from the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * One `AWS::MSK::Topic` per plan topic: name, partitions, replication factor and configs exactly as planned (plus
 * the tiered storage configs of a topic with `RawRetention.tieredStorage`).
 * Partitions can grow in place; a new replication factor or name replaces the topic (and its records), which is why
 * topics are retained by default.
 */
export class MskTopics extends Construct {
  /** The topic resources by topic name. */
  public readonly topics: ReadonlyMap<string, msk.CfnTopic>;

  constructor(scope: Construct, id: string, props: MskTopicsProps) {
    super(scope, id);
    if (!props.cluster.supportsTopicResources) {
      throw new Error(`MskTopics: cluster ${props.cluster.clusterName} has no MSK topic API (MSK Serverless); use ServerlessMskTopics`);
    }
    const fixed = new Set(props.fixedConfigs ?? []);
    const topics = new Map<string, msk.CfnTopic>();
    for (const topic of props.topics) {
      const planned = { ...topic.configs, ...tieredStorageTopicConfigs(topic) };
      const configs = Object.fromEntries(Object.entries(planned).filter(([key]) => !fixed.has(key)));
      const resource = new msk.CfnTopic(this, topic.name, {
        clusterArn: props.cluster.clusterArn,
        topicName: topic.name,
        partitionCount: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configs: encodeTopicConfigs(configs),
      });
      resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
      topics.set(topic.name, resource);
    }
    this.topics = topics;
  }
}
