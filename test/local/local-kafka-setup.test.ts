import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { localKafkaSetupSpec, localTopics } from '../../lib/local/local-kafka-setup';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { examplePlan } from '../support/test-app';

const orders = examplePlan('dev');
const clicks = examplePlan('dev', undefined, CLICKS_PIPELINE);
const password = (user: string): string => `pw-${user}`;

describe('setup spec of the orders example (dev)', () => {
  const spec = localKafkaSetupSpec([orders], password);

  test('every topic with the plan partitions and configs, one replica, min ISR 1', () => {
    expect(spec.topics).toEqual(orders.topics.map((t) => ({
      name: t.name, partitions: t.partitions, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' },
    })));
    expect(spec.topics.find((t) => t.name === 'customers')?.configs['cleanup.policy']).toBe('compact');
    expect(spec.topics.find((t) => t.name === 'orders')?.configs['retention.ms']).toBe('604800000');
  });

  test('one principal per job: Describe+Read on its sources and its consumer group, nothing else', () => {
    expect(spec.principals).toEqual([
      {
        userName: 'orders-orders-to-lake',
        password: 'pw-orders-orders-to-lake',
        acls: [
          { resourceType: 'topic', name: 'orders', operations: ['Describe', 'Read'] },
          { resourceType: 'group', name: 'orders.orders-to-lake', operations: ['Describe', 'Read'] },
        ],
      },
      {
        userName: 'orders-customers-nightly',
        password: 'pw-orders-customers-nightly',
        acls: [
          { resourceType: 'topic', name: 'customers', operations: ['Describe', 'Read'] },
          { resourceType: 'group', name: 'orders.customers-nightly', operations: ['Describe', 'Read'] },
        ],
      },
    ]);
  });
});

describe('producers', () => {
  const withProducer: PipelineDefinition = { ...ORDERS_PIPELINE, producers: [{ name: 'order-service', topics: ['orders'], serviceAccount: 'shop/order-service' }] };
  test('a producer principal may Describe+Write its topics only', () => {
    const spec = localKafkaSetupSpec([examplePlan('dev', undefined, withProducer)], password);
    expect(spec.principals.find((p) => p.userName === 'orders-producer-order-service')?.acls).toEqual([
      { resourceType: 'topic', name: 'orders', operations: ['Describe', 'Write'] },
    ]);
  });
});

describe('several pipelines on one broker', () => {
  test('a shared input is created once, as its owner plans it', () => {
    const topics = localTopics([clicks, orders]);
    expect(topics.map((t) => t.name).sort()).toEqual(['clicks', 'customers', 'orders']);
    expect(topics.find((t) => t.name === 'orders')).toBe(orders.topics.find((t) => t.name === 'orders'));
  });

  test('without its owner a shared input is created as the reader plans it', () => {
    const topics = localTopics([clicks]);
    expect(topics.find((t) => t.name === 'orders')?.owner).toBe('orders');
  });

  test('the reader of a shared input gets Read on it, the owner keeps its own principals', () => {
    const spec = localKafkaSetupSpec([orders, clicks], password);
    expect(spec.principals.map((p) => p.userName)).toEqual(['orders-orders-to-lake', 'orders-customers-nightly', 'clicks-clicks-to-lake', 'clicks-order-clicks']);
    expect(spec.principals.find((p) => p.userName === 'clicks-order-clicks')?.acls).toContainEqual({ resourceType: 'topic', name: 'orders', operations: ['Describe', 'Read'] });
    expect(spec.principals.find((p) => p.userName === 'clicks-clicks-to-lake')?.acls.map((a) => a.name)).toEqual(['clicks', 'clicks.clicks-to-lake']);
  });

  test('fails if two plans own the same topic', () => {
    expect(() => localTopics([orders, orders])).toThrow('local Kafka: topic "orders" is owned by both pipeline "orders" and pipeline "orders" — declare it in one pipeline and name that pipeline as the other\'s shared-input owner');
  });
});
