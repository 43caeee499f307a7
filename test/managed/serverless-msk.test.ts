import { createHash, createHmac } from 'node:crypto';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SignatureV4 } from '@smithy/signature-v4';
import { Duration } from 'aws-cdk-lib';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { ServerlessMskCluster } from '../../constructs/managed/kafka/serverless-msk-cluster';
import { ServerlessMskTopics } from '../../constructs/managed/topics/serverless-msk-topics';
import { TopicAdmin, TopicsEvent, mskIamToken, reconcileTopics } from '../../constructs/managed/topics/serverless-topics/handler';
import { testStackWithVpc } from './support';

function topic(name: string, partitions: number, configs: Record<string, string>): TopicPlan {
  return {
    name, partitions, partitionsSource: 'explicit', replicationFactor: 1, minInSyncReplicas: 1, retention: Duration.days(1),
    cleanupPolicy: CleanupPolicy.DELETE, key: [], keyFormat: KeyFormat.FROM_VALUE, valueFormat: RecordFormat.JSON, badRecords: BadRecordPolicy.FAIL, columns: [], configs,
  };
}

describe('ServerlessMskCluster and ServerlessMskTopics', () => {
  const { stack, vpc } = testStackWithVpc();
  const cluster = new ServerlessMskCluster(stack, 'Kafka', { clusterName: 'orders-dev', vpc, removalPolicy: RemovalPolicy.DESTROY });
  const topics = new ServerlessMskTopics(stack, 'Topics', {
    cluster, vpc, removalPolicy: RemovalPolicy.DESTROY,
    topics: [topic('orders', 3, { 'retention.ms': '86400000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' })],
  });
  const template = Template.fromStack(stack);

  test('a serverless cluster with IAM authentication only, in the private subnets', () => {
    template.hasResourceProperties('AWS::MSK::ServerlessCluster', {
      ClusterName: 'orders-dev',
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
      VpcConfigs: [{ SubnetIds: Match.anyValue(), SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaSecurityGroup'), 'GroupId'] }] }],
    });
    expect(cluster.supportsTopicResources).toBe(false);
    template.resourceCountIs('AWS::MSK::Topic', 0);
  });

  test('topics through a custom resource with the configs Serverless accepts; min.insync.replicas is left out', () => {
    template.hasResourceProperties('Custom::MskServerlessTopics', {
      BootstrapServers: { 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaBootstrapBrokers'), 'BootstrapBrokerStringSaslIam'] },
      Region: 'us-east-1',
      Topics: [{ name: 'orders', partitions: 3, configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' } }],
      RetainTopics: 'false',
    });
    expect(topics.droppedConfigs.get('orders')).toEqual(['min.insync.replicas']);
  });

  test('the topic Lambda runs in the VPC, reaches the cluster on 9098 and may manage the named topics only', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.onEvent',
      Runtime: 'nodejs24.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9098, ToPort: 9098, IpProtocol: 'tcp' });
    const statements = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument.Statement));
    expect(statements).toContain('kafka-cluster:CreateTopic');
    expect(statements).toContain(':topic/orders-dev/');
    expect(statements).not.toContain('kafka-cluster:*');
  });
});

/** A SHA-256 for @smithy/signature-v4 from node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): string | Uint8Array => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) { this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret)); }
  update(data: SourceData): void { this.hash.update(bytes(data)); }
  async digest(): Promise<Uint8Array> { return this.hash.digest(); }
}

describe('mskIamToken', () => {
  test('is the base64url of the presigned kafka-cluster:Connect URL that the SDK signer produces', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };
    const now = new Date('2026-11-25T09:30:00Z');
    const token = mskIamToken('us-east-1', credentials, now, 'ua/1');
    expect(token).not.toMatch(/[+/=]/);
    const ours = new URL(Buffer.from(token, 'base64url').toString());

    const signer = new SignatureV4({ service: 'kafka-cluster', region: 'us-east-1', credentials, sha256: Sha256, applyChecksum: false });
    const presigned = await signer.presign({
      method: 'GET', protocol: 'https:', hostname: 'kafka.us-east-1.amazonaws.com', path: '/',
      headers: { host: 'kafka.us-east-1.amazonaws.com' }, query: { Action: 'kafka-cluster:Connect' },
    }, { expiresIn: 900, signingDate: now });
    expect(ours.host).toBe('kafka.us-east-1.amazonaws.com');
    const expected = Object.fromEntries(Object.entries(presigned.query ?? {}).map(([k, v]) => [k, String(v)]));
    expect({ ...Object.fromEntries(ours.searchParams) }).toEqual({ ...expected, 'User-Agent': 'ua/1' });
  });
});

describe('reconcileTopics', () => {
  /** Built-in topic defaults the fake broker describes (config source DEFAULT_CONFIG). */
  const DEFAULTS: Record<string, string> = { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'max.message.bytes': '1048588' };
  /**
   * A fake broker that keeps each topic's partitions and overrides and answers like Kafka: DescribeConfigs lists
   * overrides (source 1) and defaults (source 5); IncrementalAlterConfigs sets and removes only the keys it names and,
   * like MSK Serverless, refuses any request naming cleanup.policy on an existing topic.
   */
  function fakeAdmin(existing: Record<string, number>, overrides: Record<string, Record<string, string>> = {}) {
    const calls: string[] = [];
    const state = new Map(Object.keys(existing).map((name) => [name, { ...(overrides[name] ?? {}) }]));
    const admin: TopicAdmin = {
      connect: async () => { calls.push('connect'); },
      disconnect: async () => { calls.push('disconnect'); },
      listTopics: async () => Object.keys(existing),
      fetchTopicMetadata: async ({ topics } = { topics: [] }) => ({
        topics: (topics ?? []).map((name) => ({ name, partitions: Array.from({ length: existing[name] }, (_, i) => ({ partitionId: i, leader: 1, replicas: [], isr: [], offlineReplicas: [], partitionErrorCode: 0 })) })),
      }),
      createTopics: async ({ topics }) => { calls.push(`create ${topics.map((t) => `${t.topic}:${t.numPartitions}:${JSON.stringify(t.configEntries)}`).join(',')}`); return true; },
      createPartitions: async ({ topicPartitions }) => { calls.push(`partitions ${topicPartitions.map((t) => `${t.topic}:${t.count}`).join(',')}`); return true; },
      describeConfigs: async ({ resources }) => ({
        throttleTime: 0,
        resources: resources.map((r) => {
          const own = state.get(r.name) ?? {};
          const entry = (configName: string, configValue: string, configSource: number) => ({
            configName, configValue, configSource, isDefault: configSource === 5, isSensitive: false, readOnly: false, configSynonyms: [],
          });
          return {
            errorCode: 0, errorMessage: '', resourceName: r.name, resourceType: 2,
            configEntries: [
              ...Object.entries(own).map(([k, v]) => entry(k, v, 1)),
              ...Object.entries(DEFAULTS).filter(([k]) => !(k in own)).map(([k, v]) => entry(k, v, 5)),
            ],
          };
        }),
      }),
      incrementalAlterConfigs: async (updates) => {
        calls.push(`configs ${updates.map((u) => `${u.name}:set ${JSON.stringify(u.set)} remove ${JSON.stringify(u.remove)}`).join(',')}`);
        for (const u of updates) {
          if ('cleanup.policy' in u.set || u.remove.includes('cleanup.policy')) throw new Error(`InvalidRequestException: cleanup.policy of ${u.name} cannot be changed`);
          const next = { ...(state.get(u.name) ?? {}), ...u.set };
          for (const key of u.remove) delete next[key];
          state.set(u.name, next);
        }
      },
      deleteTopics: async ({ topics }) => { calls.push(`delete ${topics.join(',')}`); },
    } as TopicAdmin;
    return { admin, calls, state };
  }
  const props = (topics: Array<{ name: string; partitions: string }>, retain = 'true') => ({
    BootstrapServers: 'boot:9098', Region: 'us-east-1', RetainTopics: retain,
    Topics: topics.map((t) => ({ ...t, configs: { 'retention.ms': '1000', 'cleanup.policy': 'delete' } })),
  });
  const withConfigs = (topics: Array<{ name: string; configs: Record<string, string> }>) => ({
    BootstrapServers: 'boot:9098', Region: 'us-east-1', RetainTopics: 'true',
    Topics: topics.map((t) => ({ name: t.name, partitions: '3', configs: t.configs })),
  });

  test('Create makes the missing topics with partitions and configs', async () => {
    const { admin, calls } = fakeAdmin({});
    const event: TopicsEvent = { RequestType: 'Create', ResourceProperties: props([{ name: 'orders', partitions: '3' }]) };
    expect(await reconcileTopics(admin, event)).toEqual(['created orders (3 partitions)']);
    expect(calls).toEqual(['connect', 'create orders:3:[{"name":"retention.ms","value":"1000"},{"name":"cleanup.policy","value":"delete"}]', 'disconnect']);
  });

  test('Update grows partitions and sets the planned configs that differ, except cleanup.policy (creation only on Serverless)', async () => {
    const { admin, calls, state } = fakeAdmin({ orders: 3 });
    const event: TopicsEvent = { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '6' }]) };
    expect(await reconcileTopics(admin, event)).toEqual(['orders: 3 → 6 partitions', 'orders: retention.ms (default) → 1000']);
    expect(calls).toEqual(['connect', 'partitions orders:6', 'configs orders:set {"retention.ms":"1000"} remove []', 'disconnect']);
    expect(state.get('orders')).toEqual({ 'retention.ms': '1000' });
  });

  test('Update of a compacted topic sends only the changed key: cleanup.policy is never named', async () => {
    const customers = { 'cleanup.policy': 'compact', 'retention.ms': '1000' };
    const { admin, calls, state } = fakeAdmin({ customers: 3 }, { customers });
    const event: TopicsEvent = {
      RequestType: 'Update', PhysicalResourceId: 'p',
      ResourceProperties: withConfigs([{ name: 'customers', configs: { ...customers, 'retention.ms': '2000' } }]),
      OldResourceProperties: withConfigs([{ name: 'customers', configs: customers }]),
    };
    expect(await reconcileTopics(admin, event)).toEqual(['customers: retention.ms 1000 → 2000']);
    expect(calls).toContain('configs customers:set {"retention.ms":"2000"} remove []');
    expect(state.get('customers')).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '2000' });
  });

  test('Update and its rollback both succeed on a compacted topic (no UPDATE_ROLLBACK_FAILED)', async () => {
    const before = { 'cleanup.policy': 'compact', 'retention.ms': '1000' };
    const after = { ...before, 'retention.ms': '2000' };
    const { admin, state } = fakeAdmin({ customers: 3 }, { customers: before });
    const update: TopicsEvent = { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: withConfigs([{ name: 'customers', configs: after }]), OldResourceProperties: withConfigs([{ name: 'customers', configs: before }]) };
    await reconcileTopics(admin, update);
    const rollback: TopicsEvent = { ...update, ResourceProperties: update.OldResourceProperties as TopicsEvent['ResourceProperties'], OldResourceProperties: update.ResourceProperties };
    await reconcileTopics(admin, rollback);
    expect(state.get('customers')).toEqual(before);
  });

  test('an Update that changes nothing makes no AlterConfigs call', async () => {
    const customers = { 'cleanup.policy': 'compact', 'retention.ms': '1000' };
    const { admin, calls } = fakeAdmin({ customers: 3 }, { customers });
    const same = withConfigs([{ name: 'customers', configs: customers }]);
    expect(await reconcileTopics(admin, { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: same, OldResourceProperties: same })).toEqual([]);
    expect(calls).toEqual(['connect', 'disconnect']);
  });

  test('overrides the plan does not own are kept; a key dropped from the plan goes back to its default', async () => {
    const { admin, state } = fakeAdmin({ orders: 3 }, { orders: { 'retention.ms': '1000', 'max.message.bytes': '2000000', 'retention.bytes': '5' } });
    await reconcileTopics(admin, {
      RequestType: 'Update', PhysicalResourceId: 'p',
      ResourceProperties: withConfigs([{ name: 'orders', configs: { 'retention.ms': '3000' } }]),
      OldResourceProperties: withConfigs([{ name: 'orders', configs: { 'retention.ms': '1000', 'retention.bytes': '5' } }]),
    });
    // max.message.bytes was set by an operator (never planned): it stays.
    expect(state.get('orders')).toEqual({ 'retention.ms': '3000', 'max.message.bytes': '2000000' });
  });

  test('a planned create-only key that differs is never altered, only reported', async () => {
    const { admin, calls, state } = fakeAdmin({ customers: 3 }, { customers: { 'cleanup.policy': 'compact' } });
    const actions = await reconcileTopics(admin, {
      RequestType: 'Update', PhysicalResourceId: 'p',
      ResourceProperties: withConfigs([{ name: 'customers', configs: { 'cleanup.policy': 'delete' } }]),
      OldResourceProperties: withConfigs([{ name: 'customers', configs: { 'cleanup.policy': 'compact' } }]),
    });
    expect(actions).toEqual(["customers: kept cleanup.policy=compact (set at creation only; the plan's delete needs a new topic)"]);
    expect(calls).toEqual(['connect', 'disconnect']);
    expect(state.get('customers')).toEqual({ 'cleanup.policy': 'compact' });
  });

  test('a Create that finds the topic with more partitions than planned fails naming both counts and the fix', async () => {
    const { admin, calls } = fakeAdmin({ orders: 6 });
    const event: TopicsEvent = { RequestType: 'Create', ResourceProperties: props([{ name: 'orders', partitions: '3' }]) };
    await expect(reconcileTopics(admin, event)).rejects.toThrow('topic orders exists with 6 partitions; Kafka cannot shrink it to the planned 3 — plan 6 or more partitions, or delete the topic first');
    expect(calls[calls.length - 1]).toBe('disconnect');
  });

  test('an Update with fewer partitions (the rollback of an increase) keeps the topic\'s partitions and succeeds', async () => {
    const { admin, calls } = fakeAdmin({ orders: 6 });
    const event: TopicsEvent = { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '3' }]), OldResourceProperties: props([{ name: 'orders', partitions: '6' }]) };
    expect(await reconcileTopics(admin, event)).toContain("orders: keeps 6 partitions — Kafka cannot remove partitions; the plan's 3 needs a new topic (expected when an update that added partitions rolls back)");
    expect(calls.filter((c) => c.startsWith('partitions'))).toEqual([]);
  });

  test('a topic dropped from the plan is kept when topics are retained, deleted otherwise', async () => {
    const old = props([{ name: 'orders', partitions: '3' }, { name: 'legacy', partitions: '1' }]);
    const kept = fakeAdmin({ orders: 3, legacy: 1 });
    expect(await reconcileTopics(kept.admin, { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '3' }]), OldResourceProperties: old }))
      .toContain('kept legacy (topics are retained)');
    const deleted = fakeAdmin({ orders: 3, legacy: 1 });
    await reconcileTopics(deleted.admin, { RequestType: 'Update', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '3' }], 'false'), OldResourceProperties: old });
    expect(deleted.calls).toContain('delete legacy');
  });

  test('Delete removes the topics only when they are not retained', async () => {
    const retained = fakeAdmin({ orders: 3 });
    await reconcileTopics(retained.admin, { RequestType: 'Delete', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '3' }]) });
    expect(retained.calls).toEqual(['connect', 'disconnect']);
    const dev = fakeAdmin({ orders: 3 });
    await reconcileTopics(dev.admin, { RequestType: 'Delete', PhysicalResourceId: 'p', ResourceProperties: props([{ name: 'orders', partitions: '3' }], 'false') });
    expect(dev.calls).toContain('delete orders');
  });
});
