import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Admin, Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { LocalKafka, startLocalKafka } from '../../lib/local/local-kafka';
import { ServerlessMskCluster } from '../../constructs/managed/kafka/serverless-msk-cluster';
import { ServerlessMskTopics } from '../../constructs/managed/topics/serverless-msk-topics';
import {
  PlannedTopic, TopicAdmin, TopicsEvent, TopicsProperties, TopicsResult, kafkaTopicAdmin, topicsHandler,
} from '../../constructs/managed/topics/serverless-topics/handler';
import { testStackWithVpc } from '../managed/support';
import { examplePlan } from '../support/test-app';

/**
 * The MSK Serverless topics handler through a custom resource's whole lifecycle — Create, Update (each property
 * changed), the Update's rollback (the old properties sent again), Delete — against the real single-node broker of
 * the local runtime (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer). The deployed function's kafkajs admin is swapped
 * for a kafkajs admin of this broker; every assertion on topic state reads the broker back (DescribeConfigs through
 * the local Kafka tool's Java AdminClient, partitions through metadata). Slow tier.
 */
let dir: string;
let kafka: LocalKafka;
const calls: string[] = [];
const logged: string[] = [];

/** `username`/`password` of a `sasl.jaas.config`. */
function scram(jaas: string): { username: string; password: string } {
  const field = (name: string): string => /^"(.*)"$/.exec(new RegExp(`${name}=("(?:[^"\\\\]|\\\\.)*")`).exec(jaas)?.[1] ?? '')?.[1] ?? '';
  return { username: field('username'), password: field('password') };
}

/** kafkajs's configuration for the local broker as `jaas`'s user (TLS with the broker's CA, SCRAM-SHA-512). */
function localConfig(props: TopicsProperties, jaas: string): KafkaConfig {
  return {
    clientId: 'serverless-topics-lifecycle',
    brokers: props.BootstrapServers.split(','),
    ssl: { ca: [fs.readFileSync(kafka.caCertificateFile, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', ...scram(jaas) },
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  };
}

/**
 * The deployed function's admin (`kafkaTopicAdmin`: kafkajs plus its IncrementalAlterConfigs) on the local broker,
 * recording each call that changes the broker.
 */
function localAdmin(props: TopicsProperties, jaas: string): TopicAdmin {
  const admin = kafkaTopicAdmin(localConfig(props, jaas));
  const recorded = <T extends unknown[], R>(name: string, fn: (...args: T) => Promise<R>) => async (...args: T): Promise<R> => {
    calls.push(`${name} ${JSON.stringify(args[0])}`);
    return fn(...args);
  };
  return {
    ...admin,
    createTopics: recorded('createTopics', (options) => admin.createTopics(options)),
    createPartitions: recorded('createPartitions', (options) => admin.createPartitions(options)),
    incrementalAlterConfigs: recorded('incrementalAlterConfigs', (updates) => admin.incrementalAlterConfigs(updates)),
    deleteTopics: recorded('deleteTopics', (options) => admin.deleteTopics(options)),
  };
}

/** A plain kafkajs admin as the broker's admin user: an operator acting outside the custom resource. */
async function asOperator(work: (admin: Admin) => Promise<void>): Promise<void> {
  const admin = new Kafka(localConfig(base, kafka.adminProperties['sasl.jaas.config'])).admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}

const asAdmin = topicsHandler((props) => localAdmin(props, kafka.adminProperties['sasl.jaas.config']), (line) => logged.push(line));

/** The custom resource's properties as synthesized for the orders example's topics (dev: topics not retained). */
function synthesizedProperties(): TopicsProperties {
  const { stack, vpc } = testStackWithVpc();
  const cluster = new ServerlessMskCluster(stack, 'Kafka', { clusterName: 'orders-dev', vpc, removalPolicy: RemovalPolicy.DESTROY });
  new ServerlessMskTopics(stack, 'Topics', { cluster, vpc, topics: examplePlan('dev').topics, removalPolicy: RemovalPolicy.DESTROY });
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::MskServerlessTopics'));
  return resource.Properties as TopicsProperties;
}

let base: TopicsProperties;
const withTopics = (topics: readonly PlannedTopic[]): TopicsProperties => ({ ...base, Topics: topics });
const topicOf = (props: TopicsProperties, name: string): PlannedTopic => {
  const found = props.Topics.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no topic ${name} in the properties`);
  return found;
};
const update = (next: TopicsProperties, old: TopicsProperties): TopicsEvent => ({ RequestType: 'Update', PhysicalResourceId: 'topics', ResourceProperties: next, OldResourceProperties: old });
/** CloudFormation's rollback of an Update: the old properties as the new ones, and the reverse. */
const rollbackOf = (event: TopicsEvent): TopicsEvent => update(event.OldResourceProperties ?? event.ResourceProperties, event.ResourceProperties);

/** Topic name → its own configs (overrides) and partitions, from the broker. */
async function brokerTopics(names: readonly string[]): Promise<Record<string, { partitions: number; configs: Record<string, string> }>> {
  const described = await kafka.describeTopics(names);
  return Object.fromEntries(described.map((t) => [t.name, { partitions: t.partitions, configs: { ...t.configs } }]));
}

/** Runs one event, returning its result and the broker-changing calls it made. */
async function run(handler: (event: TopicsEvent) => Promise<TopicsResult>, event: TopicsEvent): Promise<{ result: TopicsResult; calls: string[] }> {
  calls.length = 0;
  const result = await handler(event);
  return { result, calls: [...calls] };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-topics-lifecycle-'));
  // The clicks pipeline gives the broker a principal (clicks-clicks-to-lake) that may read `clicks` only.
  kafka = await startLocalKafka({ dir, plans: [examplePlan('dev', undefined, CLICKS_PIPELINE)] });
  const props = synthesizedProperties();
  base = { ...props, BootstrapServers: kafka.bootstrapServers };
  // The clicks plan's broker set-up made its shared input `orders`: start without it, so Create makes every topic.
  await asOperator(async (admin) => {
    const present = (await admin.listTopics()).filter((name) => base.Topics.some((t) => t.name === name));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  });
});

afterAll(async () => {
  await kafka?.stop();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Custom::MskServerlessTopics on a real broker: Create → Update → rollback → Delete', () => {
  const sixMonths = String(180 * 24 * 3600 * 1000);
  /** The first Update: every property of the topics changed, a topic added. */
  const changed = (): TopicsProperties => withTopics([
    { ...topicOf(base, 'orders'), partitions: String(Number(topicOf(base, 'orders').partitions) + 3), configs: { ...topicOf(base, 'orders').configs, 'retention.ms': sixMonths } },
    // compaction: a change of the create-only cleanup.policy is reported and never sent; a changed editable key is.
    { ...topicOf(base, 'customers'), configs: { ...topicOf(base, 'customers').configs, 'cleanup.policy': 'compact,delete', 'max.message.bytes': '2097152' } },
    { name: 'returns', partitions: '2', configs: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' } },
  ]);
  let before: Awaited<ReturnType<typeof brokerTopics>>;

  test('the synthesized properties plan a compacted customers topic and a delete-policy orders topic', () => {
    expect(topicOf(base, 'customers').configs['cleanup.policy']).toBe('compact');
    expect(topicOf(base, 'orders').configs['cleanup.policy']).toBe('delete');
    expect(base.RetainTopics).toBe('false');
  });

  test('Create makes the topics with the planned partitions and configs', async () => {
    const { result } = await run(asAdmin, { RequestType: 'Create', ResourceProperties: base });
    expect(result.Data.Actions).toBe(base.Topics.map((t) => `created ${t.name} (${t.partitions} partitions)`).join('; '));
    before = await brokerTopics(['orders', 'customers']);
    for (const topic of base.Topics) {
      expect(before[topic.name]).toEqual({ partitions: Number(topic.partitions), configs: topic.configs });
    }
  });

  test('an Update that changes nothing makes no call that changes the broker', async () => {
    const { result, calls: made } = await run(asAdmin, update(base, base));
    expect(made).toEqual([]);
    expect(result.Data.Actions).toBe('no change');
    expect(await brokerTopics(['orders', 'customers'])).toEqual(before);
  });

  test('an Update of each property: partitions up, retention, a compaction change refused, an editable key, a topic added', async () => {
    // An override nobody planned (set by an operator) must survive the handler's AlterConfigs.
    await asOperator((admin) => admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: 'customers', configEntries: [...Object.entries(before.customers.configs), ['compression.type', 'zstd']].map(([name, value]) => ({ name, value })) }],
    }));

    const { result, calls: made } = await run(asAdmin, update(changed(), base));
    const after = await brokerTopics(['orders', 'customers', 'returns']);
    expect(after.orders).toEqual({ partitions: before.orders.partitions + 3, configs: { ...before.orders.configs, 'retention.ms': sixMonths } });
    expect(after.customers).toEqual({ partitions: 6, configs: { ...before.customers.configs, 'compression.type': 'zstd', 'max.message.bytes': '2097152' } });
    expect(after.customers.configs['cleanup.policy']).toBe('compact');
    expect(after.returns).toEqual({ partitions: 2, configs: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' } });
    expect(result.Data.Actions).toContain("customers: kept cleanup.policy=compact (set at creation only; the plan's compact,delete needs a new topic)");
    // One IncrementalAlterConfigs naming exactly the keys that differ: never cleanup.policy, nor the operator's key.
    expect(made.filter((c) => c.startsWith('incrementalAlterConfigs'))).toEqual([`incrementalAlterConfigs ${JSON.stringify([
      { name: 'orders', set: { 'retention.ms': sixMonths }, remove: [] },
      { name: 'customers', set: { 'max.message.bytes': '2097152' }, remove: [] },
    ])}`]);
  });

  let firstUpdate: TopicsEvent;
  test('the Update\'s rollback succeeds: configs back, customers still compacted, the added topic gone, partitions kept', async () => {
    firstUpdate = update(changed(), base);
    const { result } = await run(asAdmin, rollbackOf(firstUpdate));
    const after = await brokerTopics(['orders', 'customers']);
    expect(after.orders).toEqual({ partitions: before.orders.partitions + 3, configs: before.orders.configs });
    expect(after.customers.configs).toEqual({ ...before.customers.configs, 'compression.type': 'zstd' });
    expect(after.customers.configs['cleanup.policy']).toBe('compact');
    expect(await kafka.describeTopics(['returns']).then(() => 'present', () => 'absent')).toBe('absent');
    expect(result.Data.Actions).toContain(`orders: keeps ${before.orders.partitions + 3} partitions — Kafka cannot remove partitions; the plan's ${before.orders.partitions} needs a new topic (expected when an update that added partitions rolls back)`);
    expect(result.Data.Actions).toContain('deleted returns');
  });

  test('the rollback sent twice (a retried rollback) changes nothing more', async () => {
    const { calls: made } = await run(asAdmin, rollbackOf(firstUpdate));
    expect(made).toEqual([]);
  });

  test('an Update that drops a topic deletes it; its rollback creates it again, compacted', async () => {
    const withoutCustomers = withTopics([topicOf(base, 'orders')]);
    await run(asAdmin, update(withoutCustomers, base));
    expect(await kafka.describeTopics(['customers']).then(() => 'present', () => 'absent')).toBe('absent');
    await run(asAdmin, rollbackOf(update(withoutCustomers, base)));
    expect((await brokerTopics(['customers'])).customers).toEqual({ partitions: 6, configs: topicOf(base, 'customers').configs });
  });

  test('a Create that finds a topic with more partitions than planned fails, naming both counts and the fix', async () => {
    const fewer = withTopics([{ ...topicOf(base, 'orders'), partitions: '1' }]);
    await expect(asAdmin({ RequestType: 'Create', ResourceProperties: fewer }))
      .rejects.toThrow(`topic orders exists with ${before.orders.partitions + 3} partitions; Kafka cannot shrink it to the planned 1 — plan ${before.orders.partitions + 3} or more partitions, or delete the topic first`);
  });

  test('a Delete by a function that cannot see or may not delete the topics succeeds and leaves them, saying why', async () => {
    const limited = topicsHandler((props) => localAdmin(props, fs.readFileSync(kafka.credentialsFile('clicks-clicks-to-lake'), 'utf8')), (line) => logged.push(line));
    const props = withTopics([...base.Topics, { name: 'clicks', partitions: '3', configs: {} }]);
    const { result } = await run(limited, { RequestType: 'Delete', PhysicalResourceId: 'topics', ResourceProperties: props });
    expect(result.Data.Actions).toBe('orders, customers: not visible to this function (absent, or hidden by authorization): treated as deleted; '
      + 'clicks: not deleted, this function may not delete it (TOPIC_AUTHORIZATION_FAILED): treated as deleted — delete it by hand if its records should go');
    expect(logged).toContain('Delete: orders, customers: not visible to this function (absent, or hidden by authorization): treated as deleted');
    expect(Object.keys(await brokerTopics(['orders', 'customers', 'clicks'])).sort()).toEqual(['clicks', 'customers', 'orders']);
  });

  test('Delete removes the topics; a second Delete (a retried one) finds them gone and succeeds', async () => {
    await run(asAdmin, { RequestType: 'Delete', PhysicalResourceId: 'topics', ResourceProperties: base });
    for (const name of ['orders', 'customers']) expect(await kafka.describeTopics([name]).then(() => 'present', () => 'absent')).toBe('absent');
    const { result } = await run(asAdmin, { RequestType: 'Delete', PhysicalResourceId: 'topics', ResourceProperties: base });
    expect(result.Data.Actions).toBe('orders, customers: not visible to this function (absent, or hidden by authorization): treated as deleted');
  });
});
