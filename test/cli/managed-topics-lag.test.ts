import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { BadRequestException, DescribeTopicCommand, KafkaClient, ListClustersV2Command, ListTopicsCommand } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { managedClients } from '../../lib/cli/managed-clients';
import { ManagedOperations } from '../../lib/cli/managed-operations';
import { Flavor } from '../../lib/flavor';
import { examplePlan } from '../support/test-app';
import { FakeClock } from '../support/fake-clock';
import { STAGING_MANAGED, runCli } from './run-cli';

const kafka = mockClient(KafkaClient);
const cloudWatch = mockClient(CloudWatchClient);
// runCli's fake clock starts at 2026-11-30T05:00:00Z: the metric windows are read up to then.
beforeEach(() => { kafka.reset(); cloudWatch.reset(); });
afterAll(() => { kafka.restore(); cloudWatch.restore(); });

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:222222222222:cluster/data-platform-staging/x';

function cluster(type: 'PROVISIONED' | 'SERVERLESS' = 'PROVISIONED'): void {
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [{ ClusterName: 'data-platform-staging', ClusterArn: CLUSTER_ARN, State: 'ACTIVE', ClusterType: type }] });
}

describe('topics', () => {
  test('the plan\'s topics with partitions, replication and state from MSK\'s topic APIs; a declared topic the cluster lacks is missing', async () => {
    cluster();
    // Two pages; orders has fewer partitions than planned and an out-of-sync replica; customers is not on the cluster.
    kafka.on(ListTopicsCommand).resolvesOnce({ Topics: [{ TopicName: 'payments', PartitionCount: 12, ReplicationFactor: 3, OutOfSyncReplicaCount: 0 }], NextToken: 'page-2' })
      .resolvesOnce({ Topics: [{ TopicName: 'orders', PartitionCount: 2, ReplicationFactor: 3, OutOfSyncReplicaCount: 1 }] });
    kafka.on(DescribeTopicCommand).resolves({ TopicName: 'orders', PartitionCount: 2, ReplicationFactor: 3, Status: 'UPDATING' });
    const result = await runCli(['topics', ...STAGING_MANAGED]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(kafka.commandCalls(ListTopicsCommand).map((c) => c.args[0].input)).toEqual([{ ClusterArn: CLUSTER_ARN }, { ClusterArn: CLUSTER_ARN, NextToken: 'page-2' }]);
    expect(kafka.commandCalls(DescribeTopicCommand).map((c) => c.args[0].input)).toEqual([{ ClusterArn: CLUSTER_ARN, TopicName: 'orders' }]);
    expect(result.out).toBe(`Pipeline "orders", environment "staging" (us-east-1), managed
Kafka cluster data-platform-staging: ACTIVE
topic      partitions  replication  out-of-sync replicas  state     planned  notes
orders     2           3            1                     UPDATING  3 × 3    partitions differ from the plan (3); under-replicated
customers  -           -            -                     missing   6 × 3    declared by the plan, not on the cluster: deploy the pipeline stack
1 of 2 topics on the cluster, 1 missing (MSK's topic APIs report data up to about a minute old)
`);
  });

  test('an MSK Serverless cluster: no topic API, the planned topics are listed as not checked', async () => {
    cluster('SERVERLESS');
    const result = await runCli(['topics', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(kafka.commandCalls(ListTopicsCommand)).toHaveLength(0);
    expect(result.out).toContain('Kafka cluster data-platform-staging: ACTIVE; MSK Serverless has no topic API (ListTopics/DescribeTopic serve provisioned clusters): topics as planned, not checked on the cluster');
    expect(result.out).toContain('customers  6 × 3');
  });

  test('Kafka older than 3.6 (BadRequestException): one line naming the requirement', async () => {
    cluster();
    kafka.on(ListTopicsCommand).rejects(new BadRequestException({ message: 'Unsupported Kafka version', $metadata: {} }));
    const result = await runCli(['topics', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('topics: MSK refused the topic API (Unsupported Kafka version) — it needs a provisioned cluster on Apache Kafka 3.6.0 or later\n');
  });

  test('no cluster of the platform\'s name: not deployed, one line', async () => {
    kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
    const result = await runCli(['topics', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('Kafka cluster data-platform-staging not found: the platform is not deployed in environment staging (us-east-1)\n');
  });

  test('throttling that outlasts the retries: one line', async () => {
    kafka.on(ListClustersV2Command).rejects(Object.assign(new Error('Too Many Requests'), { name: 'TooManyRequestsException' }));
    const result = await runCli(['topics', ...STAGING_MANAGED]);
    expect(result.err).toBe('AWS throttled the request after 5 attempts with backoff: try again later\n');
  });
});

describe('lag', () => {
  test('per consumer group and source topic: the last 5 minutes of MSK\'s lag metrics next to the signal\'s threshold', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
      { Id: 's0_maxoffsetlag', Timestamps: [new Date('2026-11-30T04:59:00Z'), new Date('2026-11-30T04:58:00Z')], Values: [1_500_000, 900_000] },
      { Id: 's0_sumoffsetlag', Timestamps: [new Date('2026-11-30T04:59:00Z')], Values: [3_000_000] },
      { Id: 's0_estimatedmaxtimelag', Timestamps: [new Date('2026-11-30T04:59:00Z')], Values: [412.4] },
    ] });
    const result = await runCli(['lag', ...STAGING_MANAGED]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.StartTime).toEqual(new Date('2026-11-30T04:55:00Z'));
    expect(input.EndTime).toEqual(new Date('2026-11-30T05:00:00Z'));
    expect(input.MetricDataQueries?.[0]).toEqual({ Id: 's0_maxoffsetlag', MetricStat: {
      Metric: { Namespace: 'AWS/Kafka', MetricName: 'MaxOffsetLag', Dimensions: [
        { Name: 'Consumer Group', Value: 'orders.orders-to-lake' }, { Name: 'Topic', Value: 'orders' }, { Name: 'Cluster Name', Value: 'data-platform-staging' },
      ] },
      Period: 60, Stat: 'Maximum',
    } });
    expect(input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.MetricName)).toEqual(['MaxOffsetLag', 'SumOffsetLag', 'EstimatedMaxTimeLag']);
    // Threshold: 5 minutes of the orders topic's planned peak per partition (pipelineSignals).
    expect(result.out).toBe(`Pipeline "orders", environment "staging" (us-east-1), managed
job             consumer group         topic   max offset lag  sum offset lag  max time lag  threshold  state
orders-to-lake  orders.orders-to-lake  orders  1500000         3000000         412 s         1171875    HIGH
Largest value of the last 5 minutes (AWS/Kafka, cluster data-platform-staging); threshold: records one partition may fall behind (the pipeline's consumer-lag signal).
Batch jobs (customers-nightly) read a bounded range per run: no lag signal.
`);
  });

  test('partitionLag: the same MaxOffsetLag per consumer-lag signal, as figures (what verify --load judges)', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
      { Id: 's0_maxoffsetlag', Timestamps: [new Date('2026-11-30T04:59:00Z'), new Date('2026-11-30T04:58:00Z')], Values: [1_500_000, 900_000] },
    ] });
    const lag = await new ManagedOperations(managedClients('us-east-1'), new FakeClock()).partitionLag(examplePlan('staging', [Flavor.MANAGED]));
    expect([...lag.entries()]).toEqual([['consumer-lag:orders-to-lake:orders', 1_500_000]]);
  });

  test('no data points (the group is not STABLE/EMPTY or has no committed offsets): NO DATA, explained', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 's0_maxoffsetlag', Timestamps: [], Values: [] }] });
    const result = await runCli(['lag', ...STAGING_MANAGED]);
    expect(result.out).toContain('orders-to-lake  orders.orders-to-lake  orders  -               -               -             1171875    NO DATA');
    expect(result.out).toContain('NO DATA: MSK reports a group\'s lag only while it is STABLE or EMPTY and has committed offsets');
  });

  test('missing credentials: one line', async () => {
    cloudWatch.on(GetMetricDataCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const result = await runCli(['lag', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)\n');
  });
});

test('every client retries in the SDK\'s standard mode over 5 attempts (backoff with jitter) before throttling is reported', async () => {
  const clients = managedClients('us-east-1');
  for (const client of [clients.flink, clients.kafka, clients.cloudWatch]) {
    expect(await client.config.maxAttempts()).toBe(5);
    expect(await client.config.retryStrategy()).toMatchObject({ mode: 'standard' });
  }
});
