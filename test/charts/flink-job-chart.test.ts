import { Testing } from 'cdk8s';
import { BATCH_RUN_ID_KEY, BatchRunSchedule } from '../../charts/flink/batch-run-schedule';
import { flinkJobConfiguration } from '../../charts/flink/flink-configuration';
import { jobDeploymentSpec } from '../../charts/flink/flink-deployment-spec';
import { FlinkJobChart, FlinkJobChartProps } from '../../charts/flink/flink-job-chart';
import { flinkPodTemplate } from '../../charts/flink/flink-pod-template';
import { SQL_RUNNER_IMAGE_JAR_URI, SQL_RUNNER_MAIN_CLASS, sqlRunnerArguments } from '../../lib/artifacts/sql-runner-contract';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { KubernetesObject } from './support/crd-schema-validator';
import { SizedJob, sizedJob } from './support/example-jobs';
import { PodSpecLike, restrictedViolations } from './support/pod-security';

type Obj = KubernetesObject & { spec: Record<string, unknown>; data?: Record<string, string> };

const IMAGE = '333333333333.dkr.ecr.us-east-1.amazonaws.com/runner:1.20.4';
const ROLE_ARN = 'arn:aws:iam::333333333333:role/orders-job';

function chartProps({ job, sizing }: SizedJob): FlinkJobChartProps {
  return {
    namespace: 'orders',
    job,
    sizing,
    image: IMAGE,
    flinkVersion: 'v1_20',
    flinkConfiguration: flinkJobConfiguration({ flinkVersion: FlinkVersion.V1_20, job, sizing, checkpointBucketUri: 's3://checkpoints' }),
    sqlScript: `-- ${job.name}\nINSERT INTO sink SELECT * FROM source;\n`,
    runner: { jarUri: SQL_RUNNER_IMAGE_JAR_URI, entryClass: SQL_RUNNER_MAIN_CLASS, args: (scriptFile) => sqlRunnerArguments({ scriptFile }) },
    serviceAccount: { name: `flink-${job.name}`, annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
    jobManagerRole: 'flink',
    kafkaCa: { configMapName: 'data-platform-prod-kafka-ca', mountPath: '/opt/flink/kafka-cluster-ca' },
    region: 'us-east-1',
    kubectlImage: 'registry.k8s.io/kubectl:v1.34.1',
  };
}

function synth(props: FlinkJobChartProps): Obj[] {
  return Testing.synth(new FlinkJobChart(Testing.app(), `flink-job-${props.job.name}`, props)) as Obj[];
}

function find(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}; objects: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

const streaming = sizedJob('orders-to-lake');
const batch = sizedJob('customers-nightly');
const streamingProps = chartProps(streaming);
const streamingObjects = synth(streamingProps);
const batchObjects = synth(chartProps(batch));

describe('a streaming job', () => {
  const deployment = find(streamingObjects, 'FlinkDeployment');
  const spec = deployment.spec as { job: Record<string, unknown>; jobManager: unknown; taskManager: unknown; podTemplate: { spec: { containers: Array<Record<string, unknown>>; volumes: unknown[] } & Record<string, unknown> } } & Record<string, unknown>;

  test('renders its service account, JobManager role binding, SQL ConfigMap and one FlinkDeployment', () => {
    expect(streamingObjects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/flink-orders-to-lake', 'RoleBinding/flink-orders-to-lake-jobmanager', 'ConfigMap/orders-to-lake-sql', 'FlinkDeployment/orders-to-lake',
      'NetworkPolicy/orders-to-lake-flink',
    ]);
    for (const object of streamingObjects) {
      expect(object.metadata).toMatchObject({ namespace: 'orders', labels: { 'app.kubernetes.io/name': 'orders-to-lake', 'app.kubernetes.io/component': 'flink-job' } });
    }
  });

  test('the service account carries the job\'s IAM role and is bound to the operator\'s JobManager Role', () => {
    expect(find(streamingObjects, 'ServiceAccount').metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    const binding = find(streamingObjects, 'RoleBinding') as unknown as { roleRef: unknown; subjects: unknown };
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'flink' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'flink-orders-to-lake' }]);
  });

  test('the SQL ConfigMap holds exactly the job\'s script', () => {
    expect(find(streamingObjects, 'ConfigMap').data).toEqual({ 'job.sql': streamingProps.sqlScript });
  });

  test('an application-mode FlinkDeployment of the flink.apache.org/v1beta1 API on the given image and Flink version', () => {
    expect(deployment.apiVersion).toBe('flink.apache.org/v1beta1');
    expect(spec).toMatchObject({ image: IMAGE, imagePullPolicy: 'IfNotPresent', flinkVersion: 'v1_20', mode: 'native', serviceAccount: 'flink-orders-to-lake' });
    expect(spec.flinkConfiguration).toEqual(streamingProps.flinkConfiguration);
  });

  test('the job: the runner jar in the image, its entry class and the mounted script, at the initial parallelism, upgraded from a savepoint', () => {
    expect(spec.job).toEqual({
      jarURI: 'local:///opt/flink/usrlib/sql-runner.jar',
      entryClass: 'io.eventpipelines.sqlrunner.SqlRunner',
      args: ['--script-file', '/opt/flink/sql/job.sql'],
      parallelism: streaming.job.parallelism.initial,
      upgradeMode: 'savepoint',
      state: 'running',
      allowNonRestoredState: false,
    });
  });

  test('JobManager and TaskManagers get the sized CPU and process memory; slots match the sizing', () => {
    expect(spec.jobManager).toEqual({ replicas: 1, resource: { cpu: streaming.sizing.jobManager.cpuMillis / 1000, memory: `${streaming.sizing.jobManager.memoryMiB}m` } });
    expect(spec.taskManager).toEqual({ resource: { cpu: streaming.sizing.taskManager.cpuMillis / 1000, memory: `${streaming.sizing.taskManager.memoryMiB}m` } });
    expect(spec.jobManager).toEqual({ replicas: 1, resource: { cpu: 1, memory: '2048m' } });
    expect(spec.taskManager).toEqual({ resource: { cpu: 2, memory: '8192m' } });
    expect(streamingProps.flinkConfiguration['taskmanager.numberOfTaskSlots']).toBe(String(streaming.sizing.slotsPerTaskManager));
  });

  test('pods run on the tainted Flink nodes with the region set, the script and the Kafka CA mounted read-only', () => {
    expect(spec.podTemplate).toEqual({
      spec: {
        nodeSelector: { 'pipelines.aws/node-role': 'flink' },
        tolerations: [{ key: 'pipelines.aws/dedicated', operator: 'Equal', value: 'flink', effect: 'NoSchedule' }],
        securityContext: { runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, fsGroup: 9999, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'flink-main-container',
          securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          env: [{ name: 'AWS_REGION', value: 'us-east-1' }],
          // Flink's Prometheus reporter (flinkConfiguration), named for the PodMonitors.
          ports: [{ name: 'metrics', containerPort: 9249, protocol: 'TCP' }],
          volumeMounts: [{ name: 'sql', mountPath: '/opt/flink/sql', readOnly: true }, { name: 'kafka-cluster-ca', mountPath: '/opt/flink/kafka-cluster-ca', readOnly: true }],
        }],
        volumes: [
          { name: 'sql', configMap: { name: 'orders-to-lake-sql', items: [{ key: 'job.sql', path: 'job.sql' }] } },
          { name: 'kafka-cluster-ca', configMap: { name: 'data-platform-prod-kafka-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        ],
      },
    });
  });
});

describe('upgrades keep state', () => {
  const specFor = (upgradeMode: JobPlan['upgradeMode']) => jobDeploymentSpec({
    ...streamingProps,
    job: { ...streaming.job, upgradeMode },
    serviceAccountName: 'sa',
    podTemplate: flinkPodTemplate({ region: 'us-east-1', mounts: [] }),
    jarUri: 'local:///job.jar',
    entryClass: 'Main',
    args: [],
  }).job?.upgradeMode;

  test.each([['savepoint', 'savepoint'], ['last-state', 'last-state']] as const)('a %s job is upgraded with %s', (mode, expected) => {
    expect(specFor(mode)).toBe(expected);
  });

  test('stateless only for a fresh start the plan decided (state lock check); anything else keeps state', () => {
    expect(specFor('stateless')).toBe('stateless');
    for (const mode of ['savepoint', 'last-state', undefined, 'other'] as unknown as Array<JobPlan['upgradeMode']>) expect(specFor(mode)).not.toBe('stateless');
    expect(specFor(undefined as unknown as JobPlan['upgradeMode'])).toBe('savepoint');
  });
});

describe('a batch job', () => {
  const run = find(batchObjects, 'FlinkDeployment', 'customers-nightly');
  type PodSpec = Record<string, unknown> & { initContainers: Array<Record<string, unknown> & { name: string; args: string[] }>; containers: Array<Record<string, unknown> & { name: string; args: string[] }> };
  const cronJob = find(batchObjects, 'CronJob') as Obj & { spec: { jobTemplate: { spec: { template: { spec: PodSpec } } & Record<string, unknown> } } };
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const TARGET = 'flinkdeployments.flink.apache.org/customers-nightly';

  test('its FlinkDeployment is applied by the stack, suspended, and a CronJob runs it on the job\'s schedule (no delete and re-create)', () => {
    expect(batchObjects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/flink-customers-nightly', 'RoleBinding/flink-customers-nightly-jobmanager', 'ConfigMap/customers-nightly-sql',
      'FlinkDeployment/customers-nightly', 'NetworkPolicy/customers-nightly-flink', 'ServiceAccount/customers-nightly-scheduler', 'Role/customers-nightly-scheduler',
      'RoleBinding/customers-nightly-scheduler', 'CronJob/customers-nightly',
    ]);
    expect(JSON.stringify(batchObjects)).not.toMatch(/"replace"|"--force"|"delete"/);
  });

  test('the FlinkDeployment is the job\'s, suspended and stateless: each run is a fresh application (savepoint mode cannot redeploy a FINISHED job without checkpoints)', () => {
    expect(run).toMatchObject({
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'customers-nightly', namespace: 'orders', labels: { 'app.kubernetes.io/name': 'customers-nightly' } },
      spec: { image: IMAGE, serviceAccount: 'flink-customers-nightly', job: { parallelism: batch.job.parallelism.initial, upgradeMode: 'stateless', state: 'suspended', args: ['--script-file', '/opt/flink/sql/job.sql'] } },
    });
    expect(Object.keys(run.spec.flinkConfiguration as object)).not.toContain('high-availability.type');
  });

  test('the CronJob runs on the plan\'s schedule in UTC, never overlapping a run it still watches, never retrying, within a deadline', () => {
    expect(batch.job.schedule?.expression).toBe('0 2 * * *');
    expect(cronJob.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, failedJobsHistoryLimit: 3 });
    // 20 min to deploy + the 1 h window the plan prices + 2 min check + 5 min slack.
    expect(batch.job.costControl.hoursPerDay).toBe(1);
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 1200 + 3600 + 120 + 300 });
  });

  test('a run resumes the FlinkDeployment with a new run id, waits for the new job to be deployed and FINISHED, and fails otherwise', () => {
    expect(pod.initContainers.map((c) => [c.name, ...c.args])).toEqual([
      ['start-run', 'patch', TARGET, '--type=merge', '-p', `{"spec":{"job":{"state":"running"},"flinkConfiguration":{"${BATCH_RUN_ID_KEY}":"$(RUN_ID)"}}}`],
      ['await-deployment', 'wait', TARGET, '--for=jsonpath={.status.jobStatus.state}=RECONCILING', '--timeout=1200s'],
      ['await-finished', 'wait', TARGET, '--for=jsonpath={.status.jobStatus.state}=FINISHED', '--timeout=3600s'],
    ]);
    expect(pod.containers.map((c) => [c.name, ...c.args])).toEqual([
      ['check-completed', 'wait', TARGET, '--for=jsonpath={.status.lifecycleState}=STABLE', '--timeout=120s'],
    ]);
    expect(pod.initContainers[0].env).toEqual(expect.arrayContaining([{ name: 'RUN_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]));
  });

  test('kubectl runs non-root on a read-only root file system with a writable HOME (emptyDir), on the system nodes', () => {
    expect(pod).toMatchObject({
      serviceAccountName: 'customers-nightly-scheduler',
      restartPolicy: 'Never',
      nodeSelector: { 'pipelines.aws/node-role': 'system' },
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'home', emptyDir: { sizeLimit: '16Mi' } }],
    });
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container).toMatchObject({
        image: 'registry.k8s.io/kubectl:v1.34.1',
        env: expect.arrayContaining([{ name: 'HOME', value: '/home/kubectl' }]),
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'home', mountPath: '/home/kubectl' }],
      });
    }
  });

  test('the scheduler may only read, watch and patch this job\'s FlinkDeployment: no create, no delete, nothing else', () => {
    expect((find(batchObjects, 'Role') as unknown as { rules: unknown }).rules).toEqual([
      { apiGroups: ['flink.apache.org'], resources: ['flinkdeployments'], resourceNames: ['customers-nightly'], verbs: ['get', 'list', 'watch', 'patch'] },
    ]);
    const binding = find(batchObjects, 'RoleBinding', 'customers-nightly-scheduler') as unknown as { roleRef: unknown; subjects: unknown };
    expect([binding.roleRef, binding.subjects]).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'customers-nightly-scheduler' },
      [{ kind: 'ServiceAccount', name: 'customers-nightly-scheduler' }],
    ]);
  });

  test('fails if a batch job has no schedule', () => {
    expect(() => synth(chartProps({ ...batch, job: { ...batch.job, schedule: undefined } })))
      .toThrow('job "customers-nightly" is a batch job without a schedule (validation should have caught this)');
  });
});

describe('BatchRunSchedule', () => {
  const scheduleObjects = (kind: 'FlinkDeployment' | 'FlinkSessionJob', runTimeoutSeconds = 7200): Obj[] => {
    const chart = Testing.chart();
    new BatchRunSchedule(chart, 'Schedule', { jobName: 'nightly', kind, schedule: '0 3 * * *', kubectlImage: 'kubectl', runTimeoutSeconds, startTimeoutSeconds: 600 });
    return Testing.synth(chart) as Obj[];
  };

  test('a FlinkSessionJob run gets rights on flinksessionjobs only, and the given timeouts', () => {
    const objects = scheduleObjects('FlinkSessionJob');
    expect((find(objects, 'Role') as unknown as { rules: Array<{ resources: string[] }> }).rules.map((r) => r.resources)).toEqual([['flinksessionjobs']]);
    const text = JSON.stringify(find(objects, 'CronJob'));
    expect(text).toContain('"flinksessionjobs.flink.apache.org/nightly"');
    expect(text).toContain('"--timeout=600s"');
    expect(text).toContain('"--timeout=7200s"');
  });

  test('fails if the run timeout is not a whole number of seconds of a minute or more', () => {
    expect(() => scheduleObjects('FlinkDeployment', 30)).toThrow('BatchRunSchedule "nightly": runTimeoutSeconds must be a whole number of seconds ≥ 60, got 30 — give the run window in seconds');
  });
});

describe('pod security: every pod of a job meets Pod Security restricted', () => {
  test.each([['streaming', streamingObjects], ['batch', batchObjects]] as const)('%s: the JobManager/TaskManager pod template', (_kind, objects) => {
    const pod = (find(objects, 'FlinkDeployment').spec as { podTemplate: { spec: PodSpecLike } }).podTemplate.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, fsGroup: 9999, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('with Kafka credentials, the credentials init container too', () => {
    const pod = flinkPodTemplate({ region: 'us-east-1', mounts: [], kafkaCredentials: { image: IMAGE, jarPath: '/opt/flink/usrlib/runner.jar', namespace: 'kafka', secretName: 'orders-to-lake', file: '/opt/flink/kafka/sasl.jaas.config' } }).spec as unknown as PodSpecLike;
    expect(pod.initContainers?.map((c) => c.name)).toEqual(['kafka-credentials']);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the batch scheduler CronJob pod', () => {
    const cronJob = find(batchObjects, 'CronJob').spec as { jobTemplate: { spec: { template: { spec: PodSpecLike } } } };
    expect(restrictedViolations(cronJob.jobTemplate.spec.template.spec)).toEqual([]);
  });

  test('the checker catches a pod that is not restricted', () => {
    expect(restrictedViolations({ containers: [{ name: 'c' }] })).toEqual([
      'c: allowPrivilegeEscalation is not false', 'c: capabilities do not drop ALL', 'c: runAsNonRoot is not true', 'c: no RuntimeDefault seccomp profile',
    ]);
  });
});
