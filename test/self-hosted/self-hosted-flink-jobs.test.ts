import { FlinkKubernetesOperator } from '../../constructs/self-hosted/helm/flink-kubernetes-operator';
import { SQL_RUNNER_IMAGE_JAR_URI, SQL_RUNNER_MAIN_CLASS } from '../../lib/artifacts/sql-runner-contract';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { Flavor } from '../../lib/flavor';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { environment, examplePlan, exampleWith, testApp } from '../support/test-app';
import { synthSelfHosted } from './support/self-hosted-stacks';
import { K8sObject, asDeployed, checkpointsUriOf, logicalIdOf, objectIn } from './support/stack-values';
import { manifestOf } from './support/template-objects';

const { stack, template } = synthSelfHosted('prod');
const { plan } = stack;
const deployed = stack.pipeline.jobs;
const checkpoints = checkpointsUriOf(stack);

function jobPlan(name: string): JobPlan {
  const job = plan.jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name}`);
  return job;
}

function sizingOf(name: string) {
  const sizing = plan.sizing.jobs.find((s) => s.job === name);
  if (!sizing) throw new Error(`no sizing of ${name}`);
  return sizing.selfHosted;
}

/** Each job's FlinkDeployment: running (streaming) or suspended between scheduled runs (batch). */
const deployments: Record<string, K8sObject> = {
  'orders-to-lake': objectIn(template, 'FlinkDeployment', 'orders-to-lake', 'orders'),
  'customers-nightly': objectIn(template, 'FlinkDeployment', 'customers-nightly', 'orders'),
};
type DeploymentSpec = { image: string; flinkVersion: string; flinkConfiguration: Record<string, string>; job: Record<string, unknown>; jobManager: unknown; taskManager: unknown; serviceAccount: string };
const specOf = (name: string) => deployments[name].spec as unknown as DeploymentSpec;

describe('one FlinkDeployment per job, from the plan', () => {
  test('every job of the plan is deployed once, under its own service account', () => {
    expect(deployed.map((d) => d.job.name)).toEqual(plan.jobs.map((j) => j.name));
    expect(Object.values(deployments).map((d) => [d.metadata?.name, (d.spec as { serviceAccount: string }).serviceAccount]))
      .toEqual([['orders-to-lake', 'flink-orders-to-lake'], ['customers-nightly', 'flink-customers-nightly']]);
  });

  test('both jobs are applied as FlinkDeployments; the batch job is suspended and resumed by its schedule', () => {
    expect((specOf('customers-nightly').job as { state: string }).state).toBe('suspended');
    expect(objectIn(template, 'CronJob', 'customers-nightly', 'orders').spec).toMatchObject({ schedule: jobPlan('customers-nightly').schedule?.expression });
  });

  test.each(Object.keys(deployments))('%s: the runner image built for the plan, the catalog\'s operator Flink version, the runner jar and class', (name) => {
    expect(specOf(name).image).toBe(asDeployed(stack, stack.pipeline.image.imageUri));
    expect(specOf(name).image).toMatch(/^333333333333\.dkr\.ecr\.us-east-1\.\$\{AWS::URLSuffix\}\/cdk-[a-z0-9]+-container-assets-333333333333-us-east-1:[0-9a-f]{64}$/);
    expect(plan.artifacts.selfHosted?.operatorFlinkVersion).toBe('v1_20');
    expect(specOf(name).flinkVersion).toBe(plan.artifacts.selfHosted?.operatorFlinkVersion);
    expect(specOf(name).job).toMatchObject({ jarURI: SQL_RUNNER_IMAGE_JAR_URI, entryClass: SQL_RUNNER_MAIN_CLASS, args: ['--script-file', '/opt/flink/sql/job.sql'] });
  });

  test('orders-to-lake: starts at the plan\'s initial parallelism and upgrades from a savepoint', () => {
    expect(specOf('orders-to-lake').job).toMatchObject({ parallelism: jobPlan('orders-to-lake').parallelism.initial, upgradeMode: jobPlan('orders-to-lake').upgradeMode, state: 'running', allowNonRestoredState: false });
    expect(jobPlan('orders-to-lake').upgradeMode).toBe('savepoint');
  });

  test('customers-nightly: starts at the plan\'s initial parallelism, each run a fresh stateless application', () => {
    expect(specOf('customers-nightly').job).toMatchObject({ parallelism: jobPlan('customers-nightly').parallelism.initial, upgradeMode: 'stateless', state: 'suspended', allowNonRestoredState: false });
  });

  test.each(Object.keys(deployments))('%s: JobManager and TaskManager resources and slots from the plan\'s sizing', (name) => {
    const sizing = sizingOf(name);
    expect(specOf(name).jobManager).toEqual({ replicas: 1, resource: { cpu: sizing.jobManager.cpuMillis / 1000, memory: `${sizing.jobManager.memoryMiB}m` } });
    expect(specOf(name).taskManager).toEqual({ resource: { cpu: sizing.taskManager.cpuMillis / 1000, memory: `${sizing.taskManager.memoryMiB}m` } });
    expect(specOf(name).flinkConfiguration['taskmanager.numberOfTaskSlots']).toBe(String(sizing.slotsPerTaskManager));
  });
});

describe('state on the checkpoint bucket under the job\'s prefixes', () => {
  test.each(Object.keys(deployments))('%s: RocksDB, incremental checkpoints, checkpoint and savepoint directories (Flink 1.20 keys)', (name) => {
    expect(specOf(name).flinkConfiguration).toMatchObject({
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.incremental': 'true',
      'execution.checkpointing.dir': `${checkpoints}/checkpoints/${name}`,
      'execution.checkpointing.savepoint-dir': `${checkpoints}/savepoints/${name}`,
    });
  });

  test('the streaming job: Kubernetes HA under ha/<job>/, exactly-once checkpoints every minute retained on cancellation', () => {
    expect(specOf('orders-to-lake').flinkConfiguration).toMatchObject({
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': `${checkpoints}/ha/orders-to-lake/`,
      'execution.checkpointing.interval': '60 s',
      'execution.checkpointing.mode': 'EXACTLY_ONCE',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    });
  });

  test('the streaming job: the autoscaler between the plan\'s initial and max parallelism', () => {
    const { parallelism } = jobPlan('orders-to-lake');
    expect(specOf('orders-to-lake').flinkConfiguration).toMatchObject({
      'job.autoscaler.enabled': 'true',
      'job.autoscaler.vertex.min-parallelism': String(parallelism.initial),
      'job.autoscaler.vertex.max-parallelism': String(parallelism.max),
      'pipeline.max-parallelism': String(parallelism.maxParallelism),
    });
  });
});

describe('what each job runs with', () => {
  test.each(plan.jobs.map((j) => j.name))('%s: the SQL ConfigMap is renderJobSql of the job with this stack\'s Kafka and lakehouse', (name) => {
    const expected = asDeployed(stack, renderJobSql(plan, jobPlan(name), stack.pipeline.kafka.connection, stack.lakehouse.connection));
    expect(objectIn(template, 'ConfigMap', `${name}-sql`, 'orders').data).toEqual({ 'job.sql': expected });
    expect(expected).toContain('\'properties.bootstrap.servers\' = \'data-platform-prod-kafka-bootstrap.kafka.svc:9093\'');
  });

  test.each(deployed.map((d) => [d.job.name, d] as const))('%s: the service account is annotated with the job\'s own IAM role', (name, job) => {
    expect(objectIn(template, 'ServiceAccount', `flink-${name}`, 'orders').metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': `\${${logicalIdOf(job.role.role)}.Arn}` });
  });

  test.each(deployed.map((d) => [d.job.name, d] as const))('%s: applied after its IAM role, the pipeline\'s topics and its sink tables', (name, job) => {
    const manifest = manifestOf(template, 'ServiceAccount', `flink-${name}`);
    expect(manifest.dependsOn).toEqual(expect.arrayContaining([
      logicalIdOf(job.role.role),
      manifestOf(template, 'KafkaTopic', 'orders').logicalId,
      ...job.job.sinks.map((t) => logicalIdOf(stack.lakehouse.glueTable(t))),
    ]));
  });

  test('the JobManager binding uses the Role the operator chart creates', () => {
    expect(objectIn(template, 'RoleBinding', 'flink-orders-to-lake-jobmanager', 'orders')).toMatchObject({ roleRef: { kind: 'Role', name: FlinkKubernetesOperator.JOB_ROLE } });
  });
});

describe('in every environment', () => {
  const stacks = ['dev', 'staging', 'prod'].map((env) => new SelfHostedPipelineStack(testApp(), { plan: examplePlan(env, [Flavor.SELF_HOSTED]) }));

  test('no streaming FlinkDeployment is ever stateless: every streaming job keeps its state across upgrades', () => {
    const streamingJobs = stacks.flatMap((s) => s.pipeline.jobs.filter((j) => j.job.mode.value === 'streaming'));
    const modes = streamingJobs.map((j) => ((j.chart.deployment.spec as { job: { upgradeMode: string } }).job.upgradeMode));
    expect(modes).toHaveLength(3);
    expect(modes.filter((m) => m !== 'savepoint' && m !== 'last-state')).toEqual([]);
  });

  test.each([
    [FlinkVersion.V1_19, 'v1_19', 'state.checkpoints.dir'],
    [FlinkVersion.V2_0, 'v2_0', 'execution.checkpointing.dir'],
  ])('a Flink %s pipeline gets spec.flinkVersion %s and checkpoints under %s', (version, operatorValue, checkpointKey) => {
    const definition = exampleWith((d) => { d.flinkVersion = version; });
    const other = new SelfHostedPipelineStack(testApp(), { plan: resolvePlan(definition, environment('prod'), [Flavor.SELF_HOSTED]) });
    const spec = other.pipeline.jobs[0].chart.deployment.spec as DeploymentSpec;
    expect(spec.flinkVersion).toBe(operatorValue);
    expect(asDeployed(other, spec.flinkConfiguration[checkpointKey])).toBe(`${checkpointsUriOf(other)}/checkpoints/orders-to-lake`);
  });
});
