import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTopicCommand, GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command, ListTopicsCommand } from '@aws-sdk/client-kafka';
import {
  DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand, ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli as run } from './run-cli';
import { readmeSession } from '../support/readme-session';


const flink = mockClient(KinesisAnalyticsV2Client);
const kafka = mockClient(KafkaClient);
const cloudWatch = mockClient(CloudWatchClient);
beforeEach(() => { flink.reset(); kafka.reset(); cloudWatch.reset(); });
afterAll(() => { flink.restore(); kafka.restore(); cloudWatch.restore(); });

function deployed(): void {
  flink.on(DescribeApplicationCommand).callsFake((input: { ApplicationName?: string }) => ({
    ApplicationDetail: {
      ApplicationName: input.ApplicationName, ApplicationARN: 'arn', ApplicationVersionId: 3, RuntimeEnvironment: 'FLINK-1_20',
      ApplicationStatus: input.ApplicationName === 'orders-staging-customers-nightly' ? 'READY' : 'RUNNING',
      ApplicationConfigurationDescription: {
        FlinkApplicationConfigurationDescription: { ParallelismConfigurationDescription: { Parallelism: 2, CurrentParallelism: 4, ParallelismPerKPU: 1 } },
      },
    },
  }));
  flink.on(ListApplicationSnapshotsCommand).resolves({
    SnapshotSummaries: [
      { SnapshotName: 'a', SnapshotStatus: 'READY', ApplicationVersionId: 3, SnapshotCreationTimestamp: new Date('2026-11-30T03:00:00Z') },
      { SnapshotName: 'b', SnapshotStatus: 'READY', ApplicationVersionId: 3, SnapshotCreationTimestamp: new Date('2026-11-30T04:00:00Z') },
      { SnapshotName: 'c', SnapshotStatus: 'CREATING', ApplicationVersionId: 3, SnapshotCreationTimestamp: new Date('2026-11-30T04:10:00Z') },
    ],
  });
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [{ ClusterName: 'data-platform-staging', ClusterArn: 'arn:aws:kafka:us-east-1:222222222222:cluster/data-platform-staging/x', State: 'ACTIVE' }] });
  kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringSaslIam: 'b-1.example:9098,b-2.example:9098' });
  // The cluster holds the pipeline's orders topic (and another pipeline's); customers is missing.
  kafka.on(ListTopicsCommand).resolves({ Topics: [
    { TopicName: 'orders', PartitionCount: 3, ReplicationFactor: 3, OutOfSyncReplicaCount: 0 },
    { TopicName: 'payments', PartitionCount: 12, ReplicationFactor: 3, OutOfSyncReplicaCount: 0 },
  ] });
  kafka.on(DescribeTopicCommand).resolves({ TopicName: 'orders', PartitionCount: 3, ReplicationFactor: 3, Status: 'ACTIVE' });
  // Job metrics of the streaming job (j0: orders-to-lake); the stopped batch job reports none.
  const at = (minute: number): Date => new Date(`2026-11-30T04:5${minute}:00Z`);
  cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
    { Id: 'j0_fr', Timestamps: [at(2), at(1)], Values: [2, 1] },
    { Id: 'j0_nr', Timestamps: [], Values: [] },
    { Id: 'j0_cd', Timestamps: [at(2), at(1)], Values: [1250, 900] },
    { Id: 'j0_cs', Timestamps: [at(2), at(1)], Values: [35_200_000, 34_000_000] },
    { Id: 'j1_fr', Timestamps: [], Values: [] },
  ] });
}

test('status prints per job status, parallelism, restarts, last checkpoint, last snapshot and cost per hour, the cluster line and its topics', async () => {
  deployed();
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toBe(EXPECTED);
  expect(readmeSession('npx pipelines status -c env=staging -c flavor=managed')).toBe(result.out);
  expect(flink.commandCalls(DescribeApplicationCommand).map((c) => c.args[0].input.ApplicationName)).toEqual(['orders-staging-orders-to-lake', 'orders-staging-customers-nightly']);
  expect(kafka.commandCalls(ListClustersV2Command)[0].args[0].input).toEqual({ ClusterNameFilter: 'data-platform-staging' });
  const queries = cloudWatch.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries ?? [];
  expect(queries[0]).toEqual({ Id: 'j0_fr', MetricStat: {
    Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: 'fullRestarts', Dimensions: [{ Name: 'Application', Value: 'orders-staging-orders-to-lake' }] }, Period: 60, Stat: 'Maximum',
  } });
  expect(queries.map((q) => q.MetricStat?.Metric?.MetricName)).toEqual(['fullRestarts', 'numRestarts', 'lastCheckpointDuration', 'lastCheckpointSize', 'fullRestarts', 'numRestarts', 'lastCheckpointDuration', 'lastCheckpointSize']);
});

test('an MSK Serverless cluster (no topic API): the topics line lists the planned partitions and says so', async () => {
  deployed();
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [{ ClusterName: 'data-platform-staging', ClusterArn: 'arn:x', State: 'ACTIVE', ClusterType: 'SERVERLESS' }] });
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(0);
  expect(kafka.commandCalls(ListTopicsCommand)).toHaveLength(0);
  expect(result.out).toContain('Topics (as planned; MSK Serverless has no topic API (ListTopics/DescribeTopic serve provisioned clusters)): orders 3 partitions, customers 6 partitions\n');
});

test('a topic API the cluster refuses (Kafka < 3.6, no DescribeTopic permission) leaves the jobs\' status printed', async () => {
  deployed();
  kafka.on(ListTopicsCommand).rejects(Object.assign(new Error('Forbidden'), { name: 'ForbiddenException' }));
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(0);
  expect(result.out).toContain('Topics: not listed (ForbiddenException: Forbidden); `pipelines topics` says why\n');
});

test('CloudWatch denied (no cloudwatch:GetMetricData): the rest of the status is printed, the footnote says what is missing', async () => {
  deployed();
  cloudWatch.on(GetMetricDataCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(0);
  expect(result.out).toContain('restarts and last checkpoint: not read (AccessDeniedException: User is not authorized); the caller needs cloudwatch:GetMetricData\n');
});

test('an application that does not exist: the pipeline is not deployed in that environment, exit code 1', async () => {
  flink.on(DescribeApplicationCommand).rejects(new ResourceNotFoundException({ message: 'Application orders-staging-x not found', $metadata: {} }));
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(1);
  expect(result.err).toBe('pipeline orders is not deployed in environment staging (us-east-1): Application orders-staging-x not found\n');
});

test('missing credentials: one line naming the fix, exit code 1', async () => {
  flink.on(DescribeApplicationCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(1);
  expect(result.err).toBe('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)\n');
});

test('throttling that outlasts the retries: one line, exit code 1 (the mock replaces send, so the backoff itself is not exercised)', async () => {
  flink.on(DescribeApplicationCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  const result = await run(['status', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(1);
  expect(result.err).toBe('AWS throttled the request after 5 attempts with backoff: try again later\n');
});

test('an operations verb needs one flavor: without -c flavor it is a usage error naming both', async () => {
  const result = await run(['status', '-c', 'env=staging']);
  expect(result.code).toBe(2);
  expect(result.err).toContain('status: give the flavor the pipelines are deployed as: -c flavor=self-hosted or -c flavor=managed');
});

test('a job verb with an unknown job: one line listing the known jobs, exit code 1', async () => {
  const result = await run(['scale', 'nope', '--parallelism', '2', '-c', 'env=staging', '-c', 'flavor=managed']);
  expect(result.code).toBe(1);
  expect(result.err).toBe('unknown job "nope" in pipeline orders: known jobs are orders-to-lake, customers-nightly\n');
});

test('bad operation arguments are usage errors naming the flag and value', async () => {
  expect((await run(['scale', 'orders-to-lake', '--parallelism', '0', '-c', 'env=staging', '-c', 'flavor=managed'])).err).toContain('--parallelism: "0" is not a whole number ≥ 1');
  expect((await run(['start', 'orders-to-lake', '--from', 'earliest', '-c', 'env=staging', '-c', 'flavor=managed'])).err).toContain('--from: "earliest" is not one of latest, none');
  expect((await run(['scale', 'a', 'b', '-c', 'env=staging', '-c', 'flavor=managed'])).err).toContain('scale: unexpected argument "b"');
});

// Also in the README ("Operating it: pipelines status"): keep both in step.
// Restarts: the newest fullRestarts (2); last checkpoint: the newest lastCheckpointDuration/Size (1250 ms, 35.2 MB).
// 4 = ⌈4 ÷ 1⌉ processing KPUs + 1 orchestration KPU = 5 KPUs × $0.11 (msf.kpu, us-east-1); a job not running costs nothing.
const EXPECTED = `Pipeline "orders", environment "staging" (us-east-1), managed
job                application                       status   parallelism  cost control      restarts  last checkpoint  last snapshot             cost per hour
orders-to-lake     orders-staging-orders-to-lake     RUNNING  4            autoscaled 1–3    2         1.3 s, 35.2 MB   2026-11-30T04:00:00.000Z  $0.55 (5 KPUs)
customers-nightly  orders-staging-customers-nightly  READY    4            scheduled 1h/day  -         -                2026-11-30T04:00:00.000Z  -
restarts and last checkpoint (duration, size): AWS/KinesisAnalytics metrics of the last 10 minutes (- : none reported, e.g. a stopped job)
Kafka cluster data-platform-staging: ACTIVE, bootstrap b-1.example:9098,b-2.example:9098
Topics: orders 3 partitions, customers missing
`;
