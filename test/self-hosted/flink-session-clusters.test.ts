import { SESSION_CLUSTER_NAME } from '../../charts/flink/flink-session-cluster-chart';
import { KAFKA_CA_NAMESPACE_LABEL } from '../../constructs/self-hosted/self-hosted-platform';
import { SQL_RUNNER_MAIN_CLASS, renderSettingsProperties } from '../../lib/artifacts/sql-runner-contract';
import { flinkStateConfiguration } from '../../lib/catalog/flink-state-configuration';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { Flavor } from '../../lib/flavor';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { SIZING_DEFAULTS } from '../../lib/sizing/sizing-defaults';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { environment, testApp } from '../support/test-app';
import { objectArnPrefix, objectResourcesOf, outsideOf, policyStatementsOf, trustOf } from './support/iam-statements';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { K8sObject, asDeployed, checkpointsUriOf, logicalIdOf, manifestIn, refIdOf, objectIn, objectsOfKind, serviceAccountRoleOf, tableLocationOf } from './support/stack-values';
import { helmRelease, manifestOf, objectOf } from './support/template-objects';

const JAR = 'https://artifacts.example.com/sql-runner-1.20.4.jar';
const TENANTS = ['team-a', 'team-b', 'team-c'];
const SESSION_JOBS: Record<string, string> = { 'orders-to-lake': 'team-a', 'customers-nightly': 'team-b' };

/** The environment with session clusters turned on: tenants, which job runs where, and the jar the operator submits. */
function withSessions(env: PipelineEnvironment, sessionJobs: Record<string, string> = SESSION_JOBS): PipelineEnvironment {
  return { ...env, selfHosted: { ...env.selfHosted, sessionClusterTenants: TENANTS, sessionJobs, sessionJobJarUri: JAR } };
}

const { stack, template } = synthSelfHosted('prod', (env) => withSessions(env));
const platform = synthSelfHostedPlatform('prod', (env) => withSessions(env)).template;
const { plan } = stack;
const checkpoints = checkpointsUriOf(stack);
const clusterOf = (tenant: string) => objectIn(template, 'FlinkDeployment', SESSION_CLUSTER_NAME, tenant) as K8sObject & { spec: { flinkConfiguration: Record<string, string> } & Record<string, unknown> };

function jobPlan(name: string): JobPlan {
  const job = plan.jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name}`);
  return job;
}

describe('turning session clusters on', () => {
  test('without sessionClusterTenants there is no session cluster, and every job gets its own deployment', () => {
    const off = new SelfHostedPipelineStack(testApp(), { plan: resolvePlan(ORDERS_PIPELINE, environment('prod'), [Flavor.SELF_HOSTED]) });
    expect([off.pipeline.sessionClusters.charts.length, off.pipeline.jobs.length]).toEqual([0, 2]);
  });

  test('tenants without sessionJobs get empty session clusters; every job keeps its own deployment', () => {
    const env = withSessions(environment('prod'), {});
    const tenantsOnly = new SelfHostedPipelineStack(testApp(), { plan: resolvePlan(ORDERS_PIPELINE, { ...env, selfHosted: { ...env.selfHosted, sessionJobJarUri: undefined } }, [Flavor.SELF_HOSTED]) });
    expect(tenantsOnly.pipeline.sessionClusters.charts.map((c) => [c.namespace, c.sessionJobs.length])).toEqual(TENANTS.map((t) => [t, 0]));
    expect(tenantsOnly.pipeline.jobs.map((j) => j.job.name)).toEqual(['orders-to-lake', 'customers-nightly']);
  });

  test('jobs assigned to a session cluster get no application-mode deployment', () => {
    expect(stack.pipeline.jobs).toEqual([]);
    expect(objectsOfKind(template, 'FlinkDeployment', 'orders')).toEqual([]);
    expect(objectsOfKind(template, 'CronJob', 'orders')).toEqual([]);
  });
});

describe('the Kafka CA in the tenant namespaces (the platform)', () => {
  test('each tenant and pipeline namespace is labelled to receive the CA; the Kafka namespace (which has the secret) is not', () => {
    for (const namespace of [...TENANTS, 'orders']) expect(objectOf(platform, 'Namespace', namespace).metadata?.labels).toMatchObject({ [KAFKA_CA_NAMESPACE_LABEL]: 'data-platform-prod' });
    expect(Object.keys(objectOf(platform, 'Namespace', 'kafka').metadata?.labels as object)).not.toContain(KAFKA_CA_NAMESPACE_LABEL);
  });

  test('trust-manager is installed after cert-manager, reading sources from its own trust namespace', () => {
    const trustManager = helmRelease(platform, 'trust-manager');
    expect(trustManager).toMatchObject({ chart: 'trust-manager', version: 'v0.20.1', namespace: 'cert-manager' });
    expect(trustManager.values).toMatchObject({ app: { trust: { namespace: 'kafka-trust' } } });
    expect(trustManager.dependsOn).toContain(helmRelease(platform, 'cert-manager').logicalId);
  });

  test('a Bundle copies the CA certificate copy to the labelled namespaces, after trust-manager and the copy', () => {
    expect(objectOf(platform, 'Bundle', 'data-platform-prod-kafka-ca').spec).toEqual({
      sources: [{ configMap: { name: 'data-platform-prod-kafka-ca-source', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { [KAFKA_CA_NAMESPACE_LABEL]: 'data-platform-prod' } } },
    });
    expect(manifestOf(platform, 'Bundle', 'data-platform-prod-kafka-ca').dependsOn).toEqual(expect.arrayContaining([
      helmRelease(platform, 'trust-manager').logicalId,
      manifestOf(platform, 'CronJob', 'kafka-ca-copy').logicalId,
    ]));
  });

  test('the Kafka listeners admit the pipelines and tenants, the Flink operator watches them, Strimzi the Kafka namespace', () => {
    const kafka = objectIn(platform, 'Kafka', 'data-platform-prod', 'kafka').spec as { kafka: { listeners: Array<{ networkPolicyPeers: Array<{ namespaceSelector: { matchExpressions: Array<{ values: string[] }> } }> }> } };
    expect(kafka.kafka.listeners[0].networkPolicyPeers[0].namespaceSelector.matchExpressions[0].values).toEqual(['orders', ...TENANTS]);
    expect(helmRelease(platform, 'flink-kubernetes-operator').values.watchNamespaces).toEqual(['orders', ...TENANTS]);
    expect(helmRelease(platform, 'strimzi-kafka-operator').values.watchNamespaces).toEqual(['kafka']);
  });
});

describe.each(TENANTS)('the session cluster of %s', (tenant) => {
  const cluster = clusterOf(tenant);
  const prefix = `session-${tenant}`;
  const jobs = plan.jobs.filter((j) => SESSION_JOBS[j.name] === tenant);
  const role = serviceAccountRoleOf(stack, tenant, 'flink-session-cluster');
  const roleId = logicalIdOf(role.role);

  test('a session-mode FlinkDeployment (no job) on the runner image and the catalog\'s Flink version', () => {
    expect(cluster.spec.job).toBeUndefined();
    expect(cluster.spec).toMatchObject({ image: asDeployed(stack, stack.pipeline.image.imageUri), flinkVersion: 'v1_20', mode: 'native', serviceAccount: 'flink-session-cluster' });
  });

  test('its own checkpoint, savepoint and HA directories on the checkpoint bucket', () => {
    expect(cluster.spec.flinkConfiguration).toMatchObject({
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.dir': `${checkpoints}/checkpoints/${prefix}`,
      'execution.checkpointing.savepoint-dir': `${checkpoints}/savepoints/${prefix}`,
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': `${checkpoints}/ha/${prefix}/`,
    });
  });

  test('its JobManager and TaskManagers serve Flink\'s Prometheus reporter on the named port the PodMonitors scrape', () => {
    expect(cluster.spec.flinkConfiguration).toMatchObject({
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      'metrics.reporter.prom.port': '9249',
    });
    const podTemplate = cluster.spec.podTemplate as { spec: { containers: Array<{ name: string; ports?: unknown[] }> } };
    expect(podTemplate.spec.containers.find((c) => c.name === 'flink-main-container')?.ports).toEqual([{ name: 'metrics', containerPort: 9249, protocol: 'TCP' }]);
  });

  test('JobManager and TaskManagers sized for its job (defaults without jobs)', () => {
    const sizings = jobs.map((j) => plan.sizing.jobs.find((s) => s.job === j.name)?.selfHosted).filter((s) => s !== undefined);
    const taskManager = sizings.length > 0 ? sizings[0].taskManager : { cpuMillis: 1000 * SIZING_DEFAULTS.slotsPerTaskManager, memoryMiB: SIZING_DEFAULTS.memoryPerKpuMiB * SIZING_DEFAULTS.slotsPerTaskManager };
    const jobManager = sizings.length > 0 ? sizings[0].jobManager : SIZING_DEFAULTS.jobManager;
    expect([cluster.spec.jobManager, cluster.spec.taskManager]).toEqual([
      { replicas: 1, resource: { cpu: jobManager.cpuMillis / 1000, memory: `${jobManager.memoryMiB}m` } },
      { resource: { cpu: taskManager.cpuMillis / 1000, memory: `${taskManager.memoryMiB}m` } },
    ]);
  });

  test('its role may be assumed only by the tenant\'s flink-session service account, which names it', () => {
    expect(trustOf(template, roleId, refIdOf(stack, stack.oidcProvider.oidcProviderArn)).stringEquals).toEqual({ 'OIDC_ISSUER:aud': 'sts.amazonaws.com', 'OIDC_ISSUER:sub': `system:serviceaccount:${tenant}:flink-session-cluster` });
    expect(objectIn(template, 'ServiceAccount', 'flink-session-cluster', tenant).metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': `\${${roleId}.Arn}` });
  });

  test('its role reaches the cluster\'s and its jobs\' state prefixes and its jobs\' sink tables, and nothing else', () => {
    const statements = policyStatementsOf(template, roleId);
    const owners = [prefix, ...jobs.map((j) => j.name)];
    const allowed = [
      ...owners.flatMap((owner) => ['checkpoints', 'savepoints', 'ha'].map((kind) => objectArnPrefix(`${checkpoints}/${kind}/${owner}`))),
      ...jobs.flatMap((j) => j.sinks).map((t) => objectArnPrefix(tableLocationOf(stack, t))),
    ];
    expect(objectResourcesOf(statements).length).toBeGreaterThan(0);
    expect(outsideOf(objectResourcesOf(statements), allowed)).toEqual([]);
    const reachable = objectResourcesOf(statements).map((r) => r.replace(/\*$/, ''));
    expect(allowed.filter((needed) => !reachable.some((r) => needed.startsWith(r)))).toEqual([]);
    const glueTables = statements.filter((s) => s.actions.some((a) => a.startsWith('glue:'))).flatMap((s) => s.resources).filter((r) => r.includes(':table/'));
    expect(glueTables).toEqual(jobs.flatMap((j) => j.sinks).map((t) => `arn:aws:glue:us-east-1:333333333333:table/orders_self_hosted/${t}`));
  });

  test('applied after the pipeline\'s topics and its role', () => {
    expect(manifestIn(template, 'FlinkDeployment', SESSION_CLUSTER_NAME, tenant).dependsOn).toEqual(expect.arrayContaining([
      manifestOf(template, 'KafkaTopic', 'orders').logicalId,
      roleId,
    ]));
  });

  test('its Kafka principal reads exactly its jobs\' sources in their consumer groups', () => {
    const user = objectIn(template, 'KafkaUser', `orders-session-${tenant}`, 'kafka').spec as { authorization: { acls: Array<{ resource: { type: string; name: string } }> } };
    expect(user.authorization.acls.map((a) => `${a.resource.type}:${a.resource.name}`).sort()).toEqual([
      ...jobs.flatMap((j) => j.sources.map((t) => `topic:${t}`)),
      ...jobs.map((j) => `group:${j.consumerGroupId}`),
    ].sort());
  });
});

describe('session jobs', () => {
  test('orders-to-lake runs in team-a as a FlinkSessionJob: the given jar, the runner with its script and settings, savepoint upgrades', () => {
    const job = objectIn(template, 'FlinkSessionJob', 'orders-to-lake', 'team-a');
    expect(job.spec).toEqual({
      deploymentName: SESSION_CLUSTER_NAME,
      job: {
        jarURI: JAR,
        entryClass: SQL_RUNNER_MAIN_CLASS,
        args: ['--script-file', '/opt/flink/sql/orders-to-lake.sql', '--settings-file', '/opt/flink/sql/orders-to-lake.properties'],
        parallelism: jobPlan('orders-to-lake').parallelism.initial,
        upgradeMode: 'savepoint',
        state: 'running',
        allowNonRestoredState: false,
      },
    });
  });

  test('customers-nightly runs in team-b as a FlinkSessionJob, suspended and stateless between its scheduled runs', () => {
    expect(objectIn(template, 'FlinkSessionJob', 'customers-nightly', 'team-b')).toMatchObject({ kind: 'FlinkSessionJob', spec: { deploymentName: SESSION_CLUSTER_NAME, job: { jarURI: JAR, upgradeMode: 'stateless', state: 'suspended' } } });
    expect(objectIn(template, 'CronJob', 'customers-nightly', 'team-b').spec).toMatchObject({ schedule: jobPlan('customers-nightly').schedule?.expression });
  });

  test.each(Object.entries(SESSION_JOBS))('%s: its script is renderJobSql of the job, its settings its own state configuration and key groups', (name, tenant) => {
    const job = jobPlan(name);
    const bucket = stack.lakehouse.connection.checkpointBucketUri;
    const settings = renderSettingsProperties({ ...flinkStateConfiguration(plan.flinkVersion, job.checkpointing, bucket), 'pipeline.max-parallelism': String(job.parallelism.maxParallelism) });
    expect(objectIn(template, 'ConfigMap', `${SESSION_CLUSTER_NAME}-sql`, tenant).data).toEqual({
      [`${name}.sql`]: asDeployed(stack, renderJobSql(plan, job, stack.pipeline.kafka.connection, stack.lakehouse.connection)),
      [`${name}.properties`]: asDeployed(stack, settings),
    });
    expect(asDeployed(stack, settings)).toContain(`execution.checkpointing.dir=${checkpoints}/checkpoints/${name}\n`);
  });
});
