import * as net from 'net';
import * as path from 'path';
import { FakeKubeApi } from '../support/fake-kube-api';
import { CUSTOMERS_NIGHTLY, KAFKA, ORDERS_TO_LAKE, PODS, SELF_HOSTED, deployPipeline, run } from './self-hosted-fixtures';
import { readmeSession } from '../support/readme-session';
import { selfHostedOperations } from '../../lib/cli/self-hosted-operations';
import { Flavor } from '../../lib/flavor';
import { environment, examplePlan } from '../support/test-app';
import { FakeClock } from '../support/fake-clock';
import { allowRealSocketTime, preloadKubeClient } from '../support/loopback-server';

allowRealSocketTime();
preloadKubeClient();
let fake: FakeKubeApi;
const kubeconfig = process.env.KUBECONFIG;
beforeEach(async () => { fake = await FakeKubeApi.start(); process.env.KUBECONFIG = fake.kubeconfigPath; });
afterEach(async () => { await fake.stop(); });
afterAll(() => { if (kubeconfig === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = kubeconfig; });

test('status: per job state, parallelism, last checkpoint and savepoint, restarts and cost per hour; the Kafka line and the topics', async () => {
  deployPipeline(fake);
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toBe(EXPECTED_STATUS);
  expect(readmeSession('npx pipelines status -c env=staging -c flavor=self-hosted')).toBe(result.out);
  expect(fake.changes).toEqual([]);
  // Names from the renderers' naming functions: the job's FlinkDeployment, the REST service proxy, the Strimzi objects.
  expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([
    `GET ${ORDERS_TO_LAKE}`, `GET ${CUSTOMERS_NIGHTLY}`,
    'GET /api/v1/namespaces/orders/services/orders-to-lake-rest:8081/proxy/jobs/orders-to-lake-id/checkpoints',
    'GET /api/v1/namespaces/orders/services/orders-to-lake-rest:8081/proxy/jobs/orders-to-lake-id/metrics?get=numRestarts',
    'GET /apis/flink.apache.org/v1beta1/namespaces/orders/flinkstatesnapshots?labelSelector=job-reference.name%3Dorders-to-lake%2Csnapshot.type%3DSAVEPOINT',
    `GET ${KAFKA}`, 'GET /apis/kafka.strimzi.io/v1/namespaces/kafka/kafkatopics?labelSelector=strimzi.io%2Fcluster%3Ddata-platform-staging',
  ]));
  expect(fake.requests.every((r) => r.authorization === `Bearer ${FakeKubeApi.TOKEN}`)).toBe(true);
});

test('status with a JobManager that does not answer through the service proxy (503): shown as unknown, not retried', async () => {
  deployPipeline(fake);
  fake.route('GET', /\/services\/orders-to-lake-rest:8081\/proxy\//, () => ({ status: 503, body: { kind: 'Status', message: 'no endpoints available for service "orders-to-lake-rest:8081"' } }));
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/orders-to-lake +FlinkDeployment orders\/orders-to-lake +RUNNING \(STABLE\) +1 +autoscaled 1–3 +none +2026-11-30T04:00:00.000Z +- +\$0\.13/);
  expect(fake.requests.filter((r) => r.path.includes('/proxy/'))).toHaveLength(2);
});

test('topics: partitions, replicas, Ready and retention; a plan topic without its KafkaTopic is marked missing', async () => {
  deployPipeline(fake);
  const result = await run(['topics', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(result.out).toBe(`Pipeline "orders", environment "staging" (us-east-1), self-hosted
${TOPIC_ROWS}
`);
});

test('lag: per group and topic from the Kafka Exporter pod through the pod proxy, next to the signal threshold', async () => {
  deployPipeline(fake);
  fake.put(`${PODS}/data-platform-staging-kafka-exporter-7d9`, { metadata: { name: 'data-platform-staging-kafka-exporter-7d9', labels: { 'strimzi.io/name': 'data-platform-staging-kafka-exporter' } }, status: { phase: 'Running' } });
  fake.put(`${PODS}/data-platform-staging-kafka-exporter-7d9:9404/proxy/metrics`, [
    '# HELP kafka_consumergroup_lag Current Approximate Lag of a ConsumerGroup at Topic/Partition',
    '# TYPE kafka_consumergroup_lag gauge',
    'kafka_consumergroup_lag{consumergroup="orders.orders-to-lake",partition="0",topic="orders"} 120',
    'kafka_consumergroup_lag{consumergroup="orders.orders-to-lake",partition="1",topic="orders"} 2000000',
    'kafka_consumergroup_lag{consumergroup="orders.orders-to-lake",partition="2",topic="orders"} 0',
    'kafka_consumergroup_lag{consumergroup="someone-else",partition="0",topic="orders"} 999999',
    'kafka_consumergroup_lag_sum{consumergroup="orders.orders-to-lake",topic="orders"} 4120',
    '',
  ].join('\n'));
  const result = await run(['lag', ...SELF_HOSTED]);
  expect(result.err).toBe('');
  // Threshold: 5 minutes of the orders topic's planned peak per partition (pipelineSignals' consumer-lag signal).
  expect(result.out).toBe(`Pipeline "orders", environment "staging" (us-east-1), self-hosted
consumer lag from kafka/data-platform-staging-kafka-exporter-7d9 (threshold: records per partition)
job             consumer group         topic   partitions  total lag  max partition lag  threshold  state
orders-to-lake  orders.orders-to-lake  orders  3           2000120    2000000            1171875    ABOVE threshold
`);
  expect(fake.requests.map((r) => r.path)).toContain('/api/v1/namespaces/kafka/pods?labelSelector=strimzi.io%2Fname%3Ddata-platform-staging-kafka-exporter');
});

test('partitionLag: the largest partition per consumer-lag signal, as figures; no exporter pod is no figure', async () => {
  deployPipeline(fake);
  const plan = examplePlan('staging', [Flavor.SELF_HOSTED]);
  const ops = selfHostedOperations(environment('staging'), new FakeClock());
  expect([...(await ops.partitionLag(plan)).entries()]).toEqual([['consumer-lag:orders-to-lake:orders', undefined]]);
  fake.put(`${PODS}/data-platform-staging-kafka-exporter-7d9`, { metadata: { name: 'data-platform-staging-kafka-exporter-7d9', labels: { 'strimzi.io/name': 'data-platform-staging-kafka-exporter' } }, status: { phase: 'Running' } });
  fake.put(`${PODS}/data-platform-staging-kafka-exporter-7d9:9404/proxy/metrics`, [
    'kafka_consumergroup_lag{consumergroup="orders.orders-to-lake",partition="0",topic="orders"} 120',
    'kafka_consumergroup_lag{consumergroup="orders.orders-to-lake",partition="1",topic="orders"} 2000000',
    '',
  ].join('\n'));
  expect([...(await ops.partitionLag(plan)).entries()]).toEqual([['consumer-lag:orders-to-lake:orders', 2_000_000]]);
});

test('lag without a Kafka Exporter pod: one line saying how to get one', async () => {
  deployPipeline(fake);
  const result = await run(['lag', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(result.out).toContain('no running Kafka Exporter pod (strimzi.io/name=data-platform-staging-kafka-exporter in namespace kafka): enable spec.kafkaExporter in the Kafka data-platform-staging to see consumer lag');
});

test('no kubeconfig: one line naming the command that writes one for the platform cluster, nothing sent', async () => {
  process.env.KUBECONFIG = path.join(fake.dir, 'nope');
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe(`no kubeconfig (KUBECONFIG=${path.join(fake.dir, 'nope')} names no file): run \`aws eks update-kubeconfig --name data-platform-staging-eks --region us-east-1\`\n`);
  expect(fake.requests).toEqual([]);
});

test('refused credentials (401): one line naming the fix', async () => {
  fake.writeKubeconfig('expired');
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('the Kubernetes API refused the credentials of context fake-eks (401): refresh them with `aws eks update-kubeconfig --name data-platform-staging-eks --region us-east-1` (and check AWS_PROFILE)\n');
});

test('an unreachable API server: one line naming the endpoint, the context and the fix', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  fake.writeKubeconfig(FakeKubeApi.TOKEN, `https://127.0.0.1:${port}`);
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe(`cannot reach the Kubernetes API at https://127.0.0.1:${port} (context fake-eks: ECONNREFUSED): check the network path to the cluster endpoint, or run \`aws eks update-kubeconfig --name data-platform-staging-eks --region us-east-1\`\n`);
});

test('forbidden (403): one line naming the request and the fix', async () => {
  fake.route('GET', ORDERS_TO_LAKE, () => ({ status: 403, body: { kind: 'Status', message: 'flinkdeployments.flink.apache.org "orders-to-lake" is forbidden: User "dev" cannot get resource' } }));
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe(`forbidden (403): GET ${ORDERS_TO_LAKE} is not allowed for context fake-eks: flinkdeployments.flink.apache.org "orders-to-lake" is forbidden: User "dev" cannot get resource — map your IAM principal to a Kubernetes group that may do it (an EKS access entry) or use a role that has one\n`);
});

test('not deployed (404 for every job): one line naming the missing resource and the stack to deploy', async () => {
  const result = await run(['status', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe(`pipeline orders is not deployed in environment staging (context fake-eks): no FlinkDeployment orders/orders-to-lake — deploy stack orders-staging-self-hosted\n`);
  expect(fake.requests.map((r) => r.path)).toEqual(expect.arrayContaining([ORDERS_TO_LAKE, CUSTOMERS_NIGHTLY]));
});

test('throttling (429) is retried with growing backoff and then succeeds', async () => {
  deployPipeline(fake);
  fake.failNext(429, 2);
  const clock = new FakeClock();
  const result = await run(['topics', ...SELF_HOSTED], clock);
  expect(result.code).toBe(0);
  const [first, second, third] = fake.requests;
  expect([first?.path, second?.path, third?.path].every((p) => p === fake.requests[0]?.path)).toBe(true);
  expect(clock.slept).toEqual([250, 500]);
});

test('a Retry-After header longer than the backoff is honoured', async () => {
  deployPipeline(fake);
  fake.failNext(429, 1, { 'Retry-After': '3' });
  const clock = new FakeClock();
  const result = await run(['topics', ...SELF_HOSTED], clock);
  expect(result.code).toBe(0);
  expect(clock.slept).toEqual([3000]);
});

test('throttling (503) that outlasts the retries: one line after 5 attempts, exit code 1', async () => {
  fake.failNext(503, 100);
  const clock = new FakeClock();
  const result = await run(['topics', ...SELF_HOSTED], clock);
  expect(result.code).toBe(1);
  expect(result.err).toBe('the Kubernetes API answered 503 (unavailable) 5 times with backoff (GET /apis/kafka.strimzi.io/v1/namespaces/kafka/kafkatopics?labelSelector=strimzi.io%2Fcluster%3Ddata-platform-staging): try again later\n');
  expect(fake.requests).toHaveLength(5);
  expect(clock.slept).toEqual([250, 500, 1000, 2000]);
});

test('unknown job: one line listing the known jobs, nothing sent', async () => {
  const result = await run(['stop', 'nope', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('unknown job "nope" in pipeline orders: known jobs are orders-to-lake, customers-nightly\n');
  expect(fake.requests).toEqual([]);
});

// Cost: 1 JobManager (1 CPU, 2048 MiB) + ⌈1 ÷ 2 slots⌉ = 1 TaskManager (2 CPU, 8192 MiB) = 3000m CPU of an m7g.xlarge's
// 3670m allocatable (0.82; memory 10240 of 14991 MiB is 0.68) × $0.1632 (ec2.m7g.xlarge, us-east-1) = $0.13 an hour.
// The suspended batch job has no pods: it costs nothing until its next scheduled run.
const TOPIC_ROWS = `topic      partitions  replicas  state                                                   retention  owner
orders     3           3         Ready                                                   7 d        orders
customers  (plan 6)    (plan 3)  MISSING on the cluster (no KafkaTopic kafka/customers)  -          orders`;

const EXPECTED_STATUS = `Pipeline "orders", environment "staging" (us-east-1), self-hosted, context fake-eks
job                resource                                  state                            parallelism  cost control      last checkpoint           last savepoint            restarts  cost per hour
orders-to-lake     FlinkDeployment orders/orders-to-lake     RUNNING (STABLE)                 1            autoscaled 1–3    2026-11-30T04:30:00.000Z  2026-11-30T04:00:00.000Z  2         $0.13 (1 JM + 1 TM = 0.82 × m7g.xlarge)
customers-nightly  FlinkDeployment orders/customers-nightly  FINISHED (SUSPENDED, suspended)  2            scheduled 1h/day  none                      none                      -         -
Kafka kafka/data-platform-staging: Ready, bootstrap tls data-platform-staging-kafka-bootstrap.kafka.svc:9093
${TOPIC_ROWS}
`;
