import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { kafkaTopicObjectName } from '../../lib/plan/kubernetes-names';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { KafkaTopic } from '../imports/kafka.strimzi.io';

/** Props of KafkaTopicsChart. */
export interface KafkaTopicsChartProps {
  /** The Strimzi `Kafka` the topics belong to. */
  readonly clusterName: string;
  readonly namespace: string;
  readonly topics: readonly TopicPlan[];
}

export { kafkaTopicObjectName } from '../../lib/plan/kubernetes-names';

/** One `KafkaTopic` per plan topic: partitions, replicas and the configs both flavors share. */
export class KafkaTopicsChart extends cdk8s.Chart {
  public readonly topics: KafkaTopic[];

  constructor(scope: Construct, id: string, props: KafkaTopicsChartProps) {
    super(scope, id, { namespace: props.namespace });
    this.topics = props.topics.map((topic) => new KafkaTopic(this, `Topic-${topic.name}`, {
      metadata: { name: kafkaTopicObjectName(topic.name), labels: { 'strimzi.io/cluster': props.clusterName } },
      spec: {
        topicName: topic.name,
        partitions: topic.partitions,
        replicas: topic.replicationFactor,
        config: { ...topic.configs },
      },
    }));
  }
}
