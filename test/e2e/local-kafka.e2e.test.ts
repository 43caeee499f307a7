import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { KafkaToolError } from '../../lib/local/kafka-tool-run';
import { LocalKafka, startLocalKafka } from '../../lib/local/local-kafka';
import { examplePlan } from '../support/test-app';

/**
 * A real single-node broker for the orders (with a producer) and clicks examples: topics as planned, each principal
 * allowed exactly its ACLs, offsets read back. Slow tier: the first run downloads Kafka from Maven Central.
 */
const ORDERS_WITH_PRODUCER: PipelineDefinition = {
  ...ORDERS_PIPELINE,
  producers: [{ name: 'order-service', topics: ['orders'], serviceAccount: 'shop/order-service' }],
};
const orders = examplePlan('dev', undefined, ORDERS_WITH_PRODUCER);
const clicks = examplePlan('dev', undefined, CLICKS_PIPELINE);

let dir: string;
let kafka: LocalKafka;
const progress: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-kafka-e2e-'));
  const started = Date.now();
  kafka = await startLocalKafka({ dir, plans: [orders, clicks], onProgress: (line) => progress.push(line) });
  // Reported, not asserted: the start-to-ready wall time of this run (first runs include the download).
  process.stdout.write(`local Kafka ${kafka.version} ready in ${Date.now() - started} ms at ${kafka.bootstrapServers}\n`);
});

afterAll(async () => {
  await kafka?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The error a denied request fails with. */
async function denial(request: Promise<unknown>): Promise<KafkaToolError> {
  const error = await request.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KafkaToolError);
  return error as KafkaToolError;
}

const records = (n: number, prefix: string): object[] => Array.from({ length: n }, (_, i) => ({
  order_id: `${prefix}-${i}`, session_id: `s-${i % 7}`, amount: i, ts: '2026-01-31T12:00:00.000',
}));

describe('topics', () => {
  test('exist with the plan partitions and configs (one replica, min ISR 1)', async () => {
    const described = await kafka.describeTopics(['orders', 'customers', 'clicks']);
    const planned = [...orders.topics, ...clicks.topics.filter((t) => t.owner === undefined)];
    expect(described).toEqual(planned.map((t) => ({
      name: t.name, partitions: t.partitions, replicationFactor: 1, configs: { ...t.configs, 'min.insync.replicas': '1' },
    })));
    expect(described.find((t) => t.name === 'customers')?.configs['cleanup.policy']).toBe('compact');
  });
});

describe('credentials', () => {
  test('one properties file per principal with its sasl.jaas.config, mode 0600', () => {
    expect(kafka.principals).toEqual(['orders-orders-to-lake', 'orders-customers-nightly', 'orders-producer-order-service', 'clicks-clicks-to-lake', 'clicks-order-clicks']);
    for (const principal of kafka.principals) {
      const file = kafka.credentialsFile(principal);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${principal}" password="[0-9a-f]{48}";\n$`));
    }
  });
});

describe('access is what the plans grant, nothing more', () => {
  test('a producer principal writes its topic; a job principal reads it in its group, keyed by the key columns', async () => {
    const result = await kafka.produce('orders', records(20, 'o'), 'orders-producer-order-service');
    expect(result.records).toBe(20);
    const read = await kafka.consume(['orders'], { principal: 'orders-orders-to-lake', group: 'orders.orders-to-lake', max: 20, timeout: Duration.seconds(60) });
    expect(read).toHaveLength(20);
    for (const record of read) expect(record.key).toBe(JSON.parse(record.value ?? '{}').order_id);
  });

  test('a shared input: the clicks job that declares it reads the orders topic', async () => {
    const read = await kafka.consume(['orders'], { principal: 'clicks-order-clicks', group: 'clicks.order-clicks', max: 20, timeout: Duration.seconds(60) });
    expect(read).toHaveLength(20);
  });

  test('a job of another pipeline cannot read it (clicks-to-lake on orders)', async () => {
    const error = await denial(kafka.consume(['orders'], { principal: 'clicks-clicks-to-lake', group: 'clicks.clicks-to-lake', max: 1 }));
    expect(error.kind).toBe('authorization');
    expect(error.message).toBe('error: authorization: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]');
  });

  test('the orders job cannot read the clicks pipeline\'s topic', async () => {
    const error = await denial(kafka.consume(['clicks'], { principal: 'orders-orders-to-lake', group: 'orders.orders-to-lake', max: 1 }));
    expect(error.message).toContain('TopicAuthorizationException: Not authorized to access topics: [clicks]');
  });

  test('a job cannot read in another consumer group', async () => {
    const error = await denial(kafka.consume(['orders'], { principal: 'orders-orders-to-lake', group: 'orders.customers-nightly', max: 1 }));
    expect(error.kind).toBe('authorization');
    expect(error.message).toContain('GroupAuthorizationException');
  });

  test('a job cannot write a topic (not even its source)', async () => {
    const error = await denial(kafka.produce('orders', records(1, 'x'), 'orders-orders-to-lake'));
    expect(error.kind).toBe('authorization');
    // Without a Write ACL on any topic the principal may not even get an idempotent producer id (implied by Write).
    expect(error.message).toBe('error: authorization: org.apache.kafka.common.errors.ClusterAuthorizationException: Cluster authorization failed.');
  });

  test('a producer cannot write a topic it does not own, nor read its own', async () => {
    const write = await denial(kafka.produce('customers', [{ customer_id: 'c-1' }], 'orders-producer-order-service'));
    expect(write.message).toContain('TopicAuthorizationException: Not authorized to access topics: [customers]');
    const read = await denial(kafka.consume(['orders'], { principal: 'orders-producer-order-service', group: 'orders.orders-to-lake', max: 1 }));
    expect(read.kind).toBe('authorization');
  });
});

describe('offsets', () => {
  test('after N records end offsets sum to N; after reading them the group lags 0', async () => {
    const n = 500;
    const produced = await kafka.produce('clicks', records(n, 'c'));
    expect(produced.records).toBe(n);
    expect(produced.recordsPerSecond).toBeGreaterThan(0);
    const before = await kafka.offsets(['clicks.clicks-to-lake']);
    expect(before.map((o) => o.partition)).toEqual([0, 1, 2]);
    expect(before.reduce((sum, o) => sum + o.endOffset, 0)).toBe(n);
    expect(before.every((o) => o.committedOffset === null && o.lag === o.endOffset)).toBe(true);

    await kafka.consume(['clicks'], { principal: 'clicks-clicks-to-lake', group: 'clicks.clicks-to-lake', max: n, timeout: Duration.seconds(60) });
    const after = await kafka.offsets(['clicks.clicks-to-lake']);
    expect(after.reduce((sum, o) => sum + (o.committedOffset ?? 0), 0)).toBe(n);
    expect(after.every((o) => o.lag === 0)).toBe(true);
  });
});

describe('stop', () => {
  test('leaves no broker process behind', async () => {
    const pid = kafka.pid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await kafka.stop();
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(() => process.kill(-pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
