import { Duration } from 'aws-cdk-lib';
import { Testing } from 'cdk8s';
import { KafkaCaBundleChart } from '../../charts/kafka/kafka-ca-bundle-chart';
import { KafkaTopicsChart, kafkaTopicObjectName } from '../../charts/kafka/kafka-topics-chart';
import { CleanupPolicy, RecordFormat } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { examplePlan } from '../support/test-app';
import { KubernetesObject } from './support/crd-schema-validator';

const plan = examplePlan('prod', [Flavor.SELF_HOSTED]);

/** A topic of the plan under another name (Kafka names may hold `_` and upper case; Kubernetes names may not). */
function renamed(name: string): TopicPlan {
  return { ...plan.topics[0], name };
}

function topicsOf(topics: readonly TopicPlan[]): Array<KubernetesObject & { spec: Record<string, unknown> }> {
  return Testing.synth(new KafkaTopicsChart(Testing.app(), 'kafka-topics', { clusterName: 'orders-prod', namespace: 'orders', topics })) as Array<KubernetesObject & { spec: Record<string, unknown> }>;
}

describe('KafkaTopics', () => {
  const objects = topicsOf(plan.topics);

  test('one kafka.strimzi.io/v1 KafkaTopic per plan topic, labelled with its cluster, in the pipeline namespace', () => {
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata])).toEqual(plan.topics.map((t) => [
      'kafka.strimzi.io/v1', 'KafkaTopic', { name: t.name, namespace: 'orders', labels: { 'strimzi.io/cluster': 'orders-prod' } },
    ]));
  });

  test('partitions, replicas and configs are the plan topic\'s', () => {
    expect(objects.map((o) => o.spec)).toEqual(plan.topics.map((t) => ({ topicName: t.name, partitions: t.partitions, replicas: t.replicationFactor, config: { ...t.configs } })));
  });

  test('the example topics: deleted after 7 days / compacted with tombstones kept 1 day, min ISR 2, 3 replicas', () => {
    const [orders, customers] = objects.map((o) => o.spec);
    expect(orders).toEqual({ topicName: 'orders', partitions: 3, replicas: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': String(Duration.days(7).toMilliseconds()), 'min.insync.replicas': '2' } });
    expect(customers).toEqual({ topicName: 'customers', partitions: 6, replicas: 3, config: { 'cleanup.policy': 'compact', 'delete.retention.ms': String(Duration.days(1).toMilliseconds()), 'max.compaction.lag.ms': String(Duration.hours(12).toMilliseconds()), 'min.insync.replicas': '2' } });
  });

  test('a topic name that is no Kubernetes name gets a lower-case object name with a hash; spec.topicName keeps the real name', () => {
    const [topic] = topicsOf([renamed('Orders_V2')]);
    expect(topic.metadata?.name).toMatch(/^orders-v2-[0-9a-f]{8}$/);
    expect(topic.spec.topicName).toBe('Orders_V2');
  });

  test('topics that differ only by case or separators never share an object', () => {
    const names = ['Orders', 'orders_', 'ORDERS', 'orders'].map(kafkaTopicObjectName);
    expect(new Set(names).size).toBe(4);
    expect(names[3]).toBe('orders');
  });

  test.each<[string, string, string | RegExp]>([
    ['a valid name', 'orders.v1', 'orders.v1'],
    ['no letter or digit', '___', /^topic-[0-9a-f]{8}$/],
    ['separators at the ends', '_Payments__EU_', /^payments-eu-[0-9a-f]{8}$/],
    ['249 upper-case letters', 'X'.repeat(249), /^x{200}-[0-9a-f]{8}$/],
    ['two dots in a row (a legal Kafka name)', 'orders..v1', /^orders\.v1-[0-9a-f]{8}$/],
    ['a dot next to a dash', 'orders.-v1', /^orders\.v1-[0-9a-f]{8}$/],
    ['a dash before a dot, upper case', 'Orders-.V1', /^orders\.v1-[0-9a-f]{8}$/],
    ['a dot where the name is cut', `${'x'.repeat(199)}.${'Y'.repeat(49)}`, /^x{199}-[0-9a-f]{8}$/],
  ])('%s → a valid object name', (_case, name, expected) => {
    const objectName = kafkaTopicObjectName(name);
    if (typeof expected === 'string') expect(objectName).toBe(expected);
    else expect(objectName).toMatch(expected);
    // What the API server requires of a custom resource's name: an RFC 1123 subdomain (labels of [a-z0-9-] that start
    // and end with a letter or digit, joined by dots), at most 253 characters.
    expect(objectName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
    expect(objectName.length).toBeLessThanOrEqual(253);
  });

  test('the topic values come from the plan, not from constants', () => {
    const custom: TopicPlan = { ...renamed('audit'), partitions: 12, replicationFactor: 2, cleanupPolicy: CleanupPolicy.DELETE, valueFormat: RecordFormat.JSON, configs: { 'retention.ms': '1000' } };
    expect(topicsOf([custom])[0].spec).toEqual({ topicName: 'audit', partitions: 12, replicas: 2, config: { 'retention.ms': '1000' } });
  });
});

describe('Kafka CA bundle (trust-manager)', () => {
  const [bundle] = Testing.synth(new KafkaCaBundleChart(Testing.app(), 'kafka-ca-bundle', {
    bundleName: 'orders-prod-kafka-ca',
    sourceConfigMapName: 'orders-prod-kafka-ca-source',
    targetNamespaceLabels: { 'pipelines.aws/kafka-ca-of': 'orders-prod' },
  })) as Array<KubernetesObject & { spec: unknown }>;

  test('is a cluster-scoped trust-manager Bundle', () => {
    expect([bundle.apiVersion, bundle.kind, bundle.metadata]).toEqual(['trust.cert-manager.io/v1alpha1', 'Bundle', { name: 'orders-prod-kafka-ca' }]);
  });

  test('copies ca.crt of the CA copy in the trust namespace into a ConfigMap of every labelled namespace', () => {
    expect(bundle.spec).toEqual({
      sources: [{ configMap: { name: 'orders-prod-kafka-ca-source', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'pipelines.aws/kafka-ca-of': 'orders-prod' } } },
    });
  });
});
