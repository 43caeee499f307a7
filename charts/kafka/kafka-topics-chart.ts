import { createHash } from 'crypto';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { KafkaTopic } from '../imports/kafka.strimzi.io';

/** Props of KafkaTopicsChart. */
export interface KafkaTopicsChartProps {
  /** The Strimzi `Kafka` the topics belong to. */
  readonly clusterName: string;
  readonly namespace: string;
  readonly topics: readonly TopicPlan[];
}

/** An RFC 1123 subdomain: what the API server requires of a custom resource's name (with at most 253 characters). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The Kubernetes name of a topic's KafkaTopic: the topic name when it is a valid object name, otherwise a lower-case
 * form with a short hash of the real name (Kafka allows `_`, upper case and `..` or `.-`, Kubernetes names do not), so
 * two topics never share an object. `spec.topicName` always carries the real name.
 */
export function kafkaTopicObjectName(topic: string): string {
  if (topic.length <= 253 && DNS_SUBDOMAIN.test(topic)) return topic;
  // Each dot-separated label must start and end with a letter or digit.
  const labels = topic.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').split('.').map((label) => label.replace(/^-+|-+$/g, '')).filter((label) => label.length > 0);
  const base = labels.join('.').slice(0, 200).replace(/[.-]+$/, '');
  const hash = createHash('sha256').update(topic).digest('hex').slice(0, 8);
  return base.length > 0 ? `${base}-${hash}` : `topic-${hash}`;
}

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
