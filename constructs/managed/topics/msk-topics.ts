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
  private readonly props: MskTopicsProps;
  private readonly topicResources = new Map<string, msk.CfnTopic>();

  /** The topic resources by topic name. */
  public get topics(): ReadonlyMap<string, msk.CfnTopic> {
    return this.topicResources;
  }

  constructor(scope: Construct, id: string, props: MskTopicsProps) {
    super(scope, id);
    if (!props.cluster.supportsTopicResources) {
      throw new Error(`MskTopics: cluster ${props.cluster.clusterName} has no MSK topic API (MSK Serverless); use ServerlessMskTopics`);
    }
    this.props = props;
    for (const topic of props.topics) this.addTopic(topic);
  }

  /** Adds a topic resource (id: the topic's name, under this construct). */
  public addTopic(topic: TopicPlan): msk.CfnTopic {
    const fixed = new Set(this.props.fixedConfigs ?? []);
    const planned = { ...topic.configs, ...tieredStorageTopicConfigs(topic) };
    const configs = Object.fromEntries(Object.entries(planned).filter(([key]) => !fixed.has(key)));
    const resource = new msk.CfnTopic(this, topic.name, {
      clusterArn: this.props.cluster.clusterArn,
      topicName: topic.name,
      partitionCount: topic.partitions,
      replicationFactor: topic.replicationFactor,
      configs: encodeTopicConfigs(configs),
    });
    resource.applyRemovalPolicy(this.props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.topicResources.set(topic.name, resource);
    return resource;
  }
}
