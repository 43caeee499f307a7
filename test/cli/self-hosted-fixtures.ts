import { FakeKubeApi } from '../support/fake-kube-api';
export { runCli as run } from './run-cli';


/** `-c env=staging -c flavor=self-hosted`: the repository's cdk.json app (pipeline orders, platform data-platform). */
export const SELF_HOSTED = ['-c', 'env=staging', '-c', 'flavor=self-hosted'];

export const FLINK = '/apis/flink.apache.org/v1beta1';
export const DEPLOYMENTS = `${FLINK}/namespaces/orders/flinkdeployments`;
export const ORDERS_TO_LAKE = `${DEPLOYMENTS}/orders-to-lake`;
export const CUSTOMERS_NIGHTLY = `${DEPLOYMENTS}/customers-nightly`;
export const SNAPSHOTS = `${FLINK}/namespaces/orders/flinkstatesnapshots`;
export const REST = '/api/v1/namespaces/orders/services/orders-to-lake-rest:8081/proxy';
export const KAFKA = '/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkas/data-platform-staging';
export const TOPICS = '/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkatopics';
export const PODS = '/api/v1/namespaces/kafka/pods';

/** Start of 2026-11-30T04:00:00Z in ms. */
export const FOUR_AM = Date.parse('2026-11-30T04:00:00Z');

/** A FlinkDeployment as the renderer writes it (spec) with an operator status. */
export function deployment(name: string, options: { state: 'running' | 'suspended'; jobState: string; lifecycle: string; parallelism: number; autoscaled: boolean; upgradeMode?: string; lastUpgradeMode?: string }): Record<string, unknown> {
  return {
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment',
    metadata: { name, namespace: 'orders', generation: 4 },
    spec: {
      flinkConfiguration: {
        'taskmanager.numberOfTaskSlots': '2',
        ...(options.autoscaled ? { 'job.autoscaler.enabled': 'true', 'job.autoscaler.vertex.min-parallelism': '1', 'job.autoscaler.vertex.max-parallelism': '3' } : {}),
      },
      jobManager: { replicas: 1, resource: { cpu: 1, memory: '2048m' } },
      taskManager: { resource: { cpu: 2, memory: '8192m' } },
      job: { jarURI: 'local:///opt/flink/usrlib/runner.jar', parallelism: options.parallelism, state: options.state, upgradeMode: options.upgradeMode ?? 'savepoint' },
    },
    status: {
      lifecycleState: options.lifecycle,
      observedGeneration: 4,
      jobStatus: { state: options.jobState, jobId: `${name}-id`, upgradeSavepointPath: `s3://checkpoints/savepoints/${name}/savepoint-1` },
      reconciliationStatus: { lastReconciledSpec: JSON.stringify({ spec: { job: { parallelism: options.parallelism, state: options.state, upgradeMode: options.lastUpgradeMode ?? options.upgradeMode ?? 'savepoint' } } }) },
    },
  };
}

/** The orders pipeline deployed: orders-to-lake running (autoscaled), customers-nightly suspended between runs, Kafka, one topic, savepoints. */
export function deployPipeline(fake: FakeKubeApi): void {
  fake.put(ORDERS_TO_LAKE, deployment('orders-to-lake', { state: 'running', jobState: 'RUNNING', lifecycle: 'STABLE', parallelism: 1, autoscaled: true }));
  fake.put(CUSTOMERS_NIGHTLY, deployment('customers-nightly', { state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED', parallelism: 2, autoscaled: false, upgradeMode: 'stateless' }));
  fake.put(`${REST}/jobs/orders-to-lake-id/checkpoints`, { counts: { completed: 40, failed: 0 }, latest: { completed: { latest_ack_timestamp: FOUR_AM + 30 * 60_000 } } });
  fake.put(`${REST}/jobs/orders-to-lake-id/metrics`, [{ id: 'numRestarts', value: '2' }]);
  const snapshot = (name: string, job: string, at: string, state: string) => ({
    metadata: { name, labels: { 'job-reference.name': job, 'snapshot.type': 'SAVEPOINT', 'snapshot.state': state } },
    spec: { jobReference: { kind: 'FlinkDeployment', name: job }, savepoint: {} },
    status: { state, path: `s3://checkpoints/savepoints/${name}`, resultTimestamp: at },
  });
  fake.put(`${SNAPSHOTS}/sp-old`, snapshot('sp-old', 'orders-to-lake', '2026-11-30T00:00:00Z', 'COMPLETED'));
  fake.put(`${SNAPSHOTS}/sp-new`, snapshot('sp-new', 'orders-to-lake', '2026-11-30T04:00:00Z', 'COMPLETED'));
  fake.put(`${SNAPSHOTS}/sp-failed`, snapshot('sp-failed', 'orders-to-lake', '2026-11-30T04:10:00Z', 'FAILED'));
  fake.put(FLINK, { kind: 'APIResourceList', resources: [{ name: 'flinkdeployments' }, { name: 'flinksessionjobs' }, { name: 'flinkstatesnapshots' }] });
  fake.put(KAFKA, {
    metadata: { name: 'data-platform-staging' },
    status: { conditions: [{ type: 'Ready', status: 'True' }], listeners: [{ name: 'tls', bootstrapServers: 'data-platform-staging-kafka-bootstrap.kafka.svc:9093' }] },
  });
  fake.put(`${TOPICS}/orders`, {
    metadata: { name: 'orders', labels: { 'strimzi.io/cluster': 'data-platform-staging' } },
    spec: { topicName: 'orders', partitions: 3, replicas: 3, config: { 'retention.ms': '604800000' } },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
}
