import { Testing } from 'cdk8s';
import { FlinkSessionClusterChart, FlinkSessionClusterChartProps, SESSION_CLUSTER_NAME } from '../../charts/flink/flink-session-cluster-chart';
import { SQL_RUNNER_MAIN_CLASS, sqlRunnerArguments } from '../../lib/artifacts/sql-runner-contract';
import { KubernetesObject } from './support/crd-schema-validator';
import { sizedJob } from './support/example-jobs';

type Obj = KubernetesObject & { spec: Record<string, unknown>; data?: Record<string, string> };

const streaming = sizedJob('orders-to-lake');
const batch = sizedJob('customers-nightly');
const JAR = 'https://artifacts.example.com/sql-runner-1.20.4.jar';

const PROPS: FlinkSessionClusterChartProps = {
  namespace: 'team-a',
  jobs: [
    { job: streaming.job, sqlScript: 'INSERT INTO orders SELECT 1;\n', settings: 'pipeline.max-parallelism=128\n' },
    { job: batch.job, sqlScript: 'INSERT INTO customers SELECT 2;\n', settings: 'pipeline.max-parallelism=64\n' },
  ],
  sizing: { jobManager: { cpuMillis: 1000, memoryMiB: 2048 }, taskManager: { cpuMillis: 4000, memoryMiB: 16384 } },
  image: 'runner:1.20.4',
  flinkVersion: 'v1_20',
  flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '4', 'high-availability.type': 'kubernetes' },
  jarUri: JAR,
  entryClass: SQL_RUNNER_MAIN_CLASS,
  args: (scriptFile, settingsFile) => sqlRunnerArguments({ scriptFile, settingsFile }),
  serviceAccount: { name: 'flink-session', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::333333333333:role/team-a' } },
  jobManagerRole: 'flink',
  kafkaCa: { configMapName: 'orders-prod-kafka-ca', mountPath: '/opt/flink/kafka-cluster-ca' },
  region: 'us-east-1',
  kubectlImage: 'registry.k8s.io/kubectl:v1.34.1',
};

function synth(change: Partial<FlinkSessionClusterChartProps> = {}): Obj[] {
  return Testing.synth(new FlinkSessionClusterChart(Testing.app(), 'flink-session-team-a', { ...PROPS, ...change })) as Obj[];
}

function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name}; objects: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

const objects = synth();

describe('the session cluster', () => {
  const cluster = find(objects, 'FlinkDeployment', SESSION_CLUSTER_NAME);

  test('renders the tenant\'s service account, JobManager binding, scripts, the session FlinkDeployment, a FlinkSessionJob per job and a schedule per batch job', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/flink-session', 'RoleBinding/flink-session-jobmanager', 'ConfigMap/session-cluster-sql', 'FlinkDeployment/session-cluster', 'NetworkPolicy/session-cluster-flink',
      'FlinkSessionJob/orders-to-lake',
      'FlinkSessionJob/customers-nightly', 'ServiceAccount/customers-nightly-scheduler', 'Role/customers-nightly-scheduler', 'RoleBinding/customers-nightly-scheduler', 'CronJob/customers-nightly',
    ]);
    for (const object of objects) expect(object.metadata?.namespace).toBe('team-a');
  });

  test('is a session-mode FlinkDeployment: no job, the given image, version, configuration and resources', () => {
    expect(cluster.spec.job).toBeUndefined();
    expect(cluster.spec).toMatchObject({
      image: 'runner:1.20.4',
      flinkVersion: 'v1_20',
      mode: 'native',
      serviceAccount: 'flink-session',
      flinkConfiguration: { 'taskmanager.numberOfTaskSlots': '4', 'high-availability.type': 'kubernetes' },
      jobManager: { replicas: 1, resource: { cpu: 1, memory: '2048m' } },
      taskManager: { resource: { cpu: 4, memory: '16384m' } },
    });
  });

  test('mounts every job\'s script and settings, and the Kafka CA copied into the tenant namespace (a ConfigMap, not the secret)', () => {
    const volumes = (cluster.spec.podTemplate as { spec: { volumes: unknown[] } }).spec.volumes;
    expect(volumes).toEqual([
      { name: 'sql', configMap: { name: 'session-cluster-sql', items: ['orders-to-lake.sql', 'orders-to-lake.properties', 'customers-nightly.sql', 'customers-nightly.properties'].map((f) => ({ key: f, path: f })) } },
      { name: 'kafka-cluster-ca', configMap: { name: 'orders-prod-kafka-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ]);
    expect(find(objects, 'ConfigMap', 'session-cluster-sql').data).toEqual({
      'orders-to-lake.sql': 'INSERT INTO orders SELECT 1;\n',
      'orders-to-lake.properties': 'pipeline.max-parallelism=128\n',
      'customers-nightly.sql': 'INSERT INTO customers SELECT 2;\n',
      'customers-nightly.properties': 'pipeline.max-parallelism=64\n',
    });
  });
});

describe('session jobs', () => {
  test('a streaming job is a FlinkSessionJob on the session cluster: the runner jar, its script and settings, initial parallelism, savepoint upgrades', () => {
    const job = find(objects, 'FlinkSessionJob', 'orders-to-lake');
    expect(job.apiVersion).toBe('flink.apache.org/v1beta1');
    expect(job.metadata?.labels).toEqual({ 'app.kubernetes.io/component': 'flink-session-cluster', 'app.kubernetes.io/name': 'orders-to-lake' });
    expect(job.spec).toEqual({
      deploymentName: 'session-cluster',
      job: {
        jarURI: JAR,
        entryClass: SQL_RUNNER_MAIN_CLASS,
        args: ['--script-file', '/opt/flink/sql/orders-to-lake.sql', '--settings-file', '/opt/flink/sql/orders-to-lake.properties'],
        parallelism: streaming.job.parallelism.initial,
        upgradeMode: 'savepoint',
        state: 'running',
        allowNonRestoredState: false,
      },
    });
  });

  test('a last-state job keeps last-state', () => {
    const lastState = synth({ jobs: [{ ...PROPS.jobs[0], job: { ...streaming.job, upgradeMode: 'last-state' } }] });
    expect((find(lastState, 'FlinkSessionJob', 'orders-to-lake').spec.job as { upgradeMode: string }).upgradeMode).toBe('last-state');
  });

  test('a batch job is a FlinkSessionJob applied suspended and stateless, resumed on its schedule, with rights on that FlinkSessionJob only', () => {
    expect(find(objects, 'FlinkSessionJob', 'customers-nightly')).toMatchObject({
      metadata: { name: 'customers-nightly', namespace: 'team-a' },
      spec: { deploymentName: 'session-cluster', job: { upgradeMode: 'stateless', state: 'suspended', parallelism: 2 } },
    });
    expect(find(objects, 'CronJob', 'customers-nightly').spec).toMatchObject({ schedule: '0 2 * * *' });
    expect(JSON.stringify(find(objects, 'CronJob', 'customers-nightly'))).toContain('"flinksessionjobs.flink.apache.org/customers-nightly"');
    expect((find(objects, 'Role', 'customers-nightly-scheduler') as unknown as { rules: unknown }).rules).toEqual([
      { apiGroups: ['flink.apache.org'], resources: ['flinksessionjobs'], resourceNames: ['customers-nightly'], verbs: ['get', 'list', 'watch', 'patch'] },
    ]);
  });

  test('a tenant without jobs of this pipeline gets only the cluster; no jar needed', () => {
    expect(synth({ jobs: [], jarUri: undefined }).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/flink-session', 'RoleBinding/flink-session-jobmanager', 'ConfigMap/session-cluster-sql', 'FlinkDeployment/session-cluster', 'NetworkPolicy/session-cluster-flink',
    ]);
  });

  test('fails if there are jobs but no jar to submit them with', () => {
    expect(() => synth({ jarUri: undefined })).toThrow('session cluster in "team-a" runs orders-to-lake, customers-nightly but has no jarUri to submit them with (validation should have caught this)');
  });
});
