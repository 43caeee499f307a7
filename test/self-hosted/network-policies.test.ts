import { FLINK_METRICS_PORT } from '../../charts/flink/flink-metrics';
import { FLINK_REST_PORT, flinkClusterPodLabels } from '../../charts/flink/flink-network-policies';
import { KafkaClusterChart } from '../../charts/kafka/kafka-cluster-chart';
import { FlinkKubernetesOperator } from '../../constructs/self-hosted/helm/flink-kubernetes-operator';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { NetworkPolicies, PodEndpoint } from './support/network-policies';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { objectsOfKind } from './support/stack-values';
import { appliedObjects } from './support/template-objects';

/**
 * Item 8 of issue 19: the JobManager's REST API (8081, unauthenticated) and the RPC/blob ports must not be reachable
 * from every pod. The platform's and the pipeline's NetworkPolicies, as synthesized, decide each connection below.
 */
const TENANT = 'team-a';
const withTenant = (env: PipelineEnvironment): PipelineEnvironment => ({ ...env, selfHosted: { ...env.selfHosted, sessionClusterTenants: [TENANT] } });

function policiesOf(envName: string): { policies: NetworkPolicies; namespace: string; clusters: string[] } {
  const pipeline = synthSelfHosted(envName, withTenant);
  const platform = synthSelfHostedPlatform(envName, withTenant);
  const namespace = pipeline.stack.plan.names.namespace;
  return {
    policies: new NetworkPolicies([...appliedObjects(platform.template), ...appliedObjects(pipeline.template)]),
    namespace,
    clusters: objectsOfKind(pipeline.template, 'FlinkDeployment', namespace).map((d) => String(d.metadata?.name)),
  };
}

const prod = policiesOf('prod');
const dev = policiesOf('dev');
const { policies, namespace } = prod;
const [own, other] = prod.clusters;

const jobManager = (cluster: string, ns = namespace): PodEndpoint => ({ namespace: ns, labels: { ...flinkClusterPodLabels(cluster), component: 'jobmanager' } });
const taskManager = (cluster: string, ns = namespace): PodEndpoint => ({ namespace: ns, labels: { ...flinkClusterPodLabels(cluster), component: 'taskmanager' } });
const operator: PodEndpoint = { namespace: FlinkKubernetesOperator.NAMESPACE, labels: { 'app.kubernetes.io/name': 'flink-kubernetes-operator' } };
const broker: PodEndpoint = { namespace: 'kafka', labels: { 'strimzi.io/kind': 'Kafka' } };
const dns: PodEndpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const scheduler: PodEndpoint = { namespace, labels: { 'app.kubernetes.io/component': 'flink-job' } };
const S3 = { ip: '52.216.10.10' };
const VPC_SCRAPER = { ip: '10.0.12.34' };

test('the pipeline has two application clusters to tell apart', () => {
  expect([own, other]).toEqual(['orders-to-lake', 'customers-nightly']);
});

describe('what Flink needs still flows', () => {
  test.each([
    ['TaskManager → its JobManager RPC', taskManager(own), jobManager(own), 6123],
    ['TaskManager → its JobManager blob server', taskManager(own), jobManager(own), 6124],
    ['JobManager → its TaskManager RPC', jobManager(own), taskManager(own), 6122],
    ['TaskManager → TaskManager of the same job (data exchange)', taskManager(own), taskManager(own), 6121],
    ['the operator → the JobManager REST API', operator, jobManager(own), FLINK_REST_PORT],
    ['a job → the Kafka TLS listener', taskManager(own), broker, KafkaClusterChart.TLS_PORT],
    ['a session cluster → the Kafka TLS listener', taskManager('session-cluster', TENANT), broker, KafkaClusterChart.TLS_PORT],
    ['the operator → a tenant session cluster REST API', operator, jobManager('session-cluster', TENANT), FLINK_REST_PORT],
  ])('%s', (_name, from, to, port) => {
    expect(policies.allows(from, to, port)).toBe(true);
  });

  test('DNS over UDP and TCP, S3/STS/Glue and the Kubernetes API over HTTPS', () => {
    expect([policies.allows(jobManager(own), dns, 53, 'UDP'), policies.allows(jobManager(own), dns, 53), policies.allows(taskManager(own), S3, 443), policies.allows(scheduler, { ip: '10.100.0.1' }, 443)]).toEqual([true, true, true, true]);
  });

  test('the scraper reaches the metrics port where monitoring is on (prod), not where it is off (dev)', () => {
    expect(policies.allows(VPC_SCRAPER, taskManager(own), FLINK_METRICS_PORT)).toBe(true);
    expect(dev.policies.allows(VPC_SCRAPER, taskManager(own), FLINK_METRICS_PORT)).toBe(false);
  });
});

describe('what no longer reaches a job', () => {
  const elsewhere: PodEndpoint = { namespace: 'some-other-pipeline', labels: { app: 'anything' } };
  test.each([
    ['another job\'s TaskManager → the JobManager REST API', taskManager(other), jobManager(own), FLINK_REST_PORT],
    ['another job\'s TaskManager → the JobManager RPC', taskManager(other), jobManager(own), 6123],
    ['another job\'s JobManager → a TaskManager', jobManager(other), taskManager(own), 6122],
    ['a pod of another namespace → the REST API', elsewhere, jobManager(own), FLINK_REST_PORT],
    ['a tenant\'s session cluster → the pipeline\'s JobManager', taskManager('session-cluster', TENANT), jobManager(own), FLINK_REST_PORT],
    ['the operator → the JobManager RPC (only REST is its)', operator, jobManager(own), 6123],
    ['a VPC address → the REST API', VPC_SCRAPER, jobManager(own), FLINK_REST_PORT],
  ])('%s', (_name, from, to, port) => {
    expect(policies.allows(from, to, port)).toBe(false);
  });

  test('a job reaches nothing else: no plain HTTP out, no other namespace, no Kafka port other than the listener', () => {
    expect([policies.allows(taskManager(own), { ip: '8.8.8.8' }, 80), policies.allows(taskManager(own), elsewhere, 8081), policies.allows(taskManager(own), broker, 9091)]).toEqual([false, false, false]);
  });
});
