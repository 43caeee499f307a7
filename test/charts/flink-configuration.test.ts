import { DEFAULT_AUTOSCALER_TUNING, flinkCpu, flinkJobConfiguration, flinkMemory, isAutoscaled } from '../../charts/flink/flink-configuration';
import { operatorFlinkVersion } from '../../charts/flink/flink-deployment-spec';
import { FLINK_RELEASES } from '../../lib/catalog/flink-release-catalog';
import { flinkStateConfiguration, flinkStateKeys } from '../../lib/catalog/flink-state-configuration';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { CostControl } from '../../lib/definition/job-options';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { SizedJob, sizedJob } from './support/example-jobs';

const BUCKET = 's3://checkpoints-bucket/';
const streaming = sizedJob('orders-to-lake');
const batch = sizedJob('customers-nightly');

function configOf(input: SizedJob, flinkVersion: FlinkVersion = FlinkVersion.V1_20): Record<string, string> {
  return flinkJobConfiguration({ flinkVersion, job: input.job, sizing: input.sizing, checkpointBucketUri: BUCKET });
}

describe('a streaming, autoscaled job on Flink 1.20', () => {
  test('the whole configuration: the state configuration of the catalog, plus slots, key groups, HA, periodic savepoints and the autoscaler', () => {
    expect(streaming.job.costControl).toBe(CostControl.AUTOSCALED);
    expect(configOf(streaming)).toEqual({
      // Checked key by key in test/catalog (flinkStateConfiguration).
      ...flinkStateConfiguration(FlinkVersion.V1_20, streaming.job.checkpointing, BUCKET),
      'taskmanager.numberOfTaskSlots': '2',
      'pipeline.max-parallelism': '128',
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      'metrics.reporter.prom.port': '9249',
      'high-availability.type': 'kubernetes',
      'high-availability.storageDir': 's3://checkpoints-bucket/ha/orders-to-lake/',
      'kubernetes.operator.periodic.savepoint.interval': '6 h',
      'kubernetes.operator.savepoint.history.max.count': '5',
      'jobmanager.scheduler': 'adaptive',
      'job.autoscaler.enabled': 'true',
      'job.autoscaler.vertex.min-parallelism': '1',
      'job.autoscaler.vertex.max-parallelism': '3',
      'job.autoscaler.metrics.window': '15 min',
      'job.autoscaler.stabilization.interval': '5 min',
      'job.autoscaler.utilization.target': '0.7',
      'job.autoscaler.scale-down.interval': '1 h',
      'job.autoscaler.catch-up.duration': '30 min',
      'job.autoscaler.quota.cpu': '4',
      'job.autoscaler.quota.memory': '16384m',
    });
    expect(configOf(streaming)['execution.checkpointing.dir']).toBe('s3://checkpoints-bucket/checkpoints/orders-to-lake');
  });

  test('the autoscaler works between the plan\'s parallelism bounds, with a quota of maxTaskManagers TaskManagers', () => {
    const job: JobPlan = { ...streaming.job, parallelism: { ...streaming.job.parallelism, initial: 2, max: 8, maxParallelism: 256 } };
    const sizing = { ...streaming.sizing, maxTaskManagers: 4, taskManager: { cpuMillis: 1500, memoryMiB: 6144 }, slotsPerTaskManager: 3 };
    expect(configOf({ job, sizing })).toMatchObject({
      'job.autoscaler.vertex.min-parallelism': '2',
      'job.autoscaler.vertex.max-parallelism': '8',
      'pipeline.max-parallelism': '256',
      'taskmanager.numberOfTaskSlots': '3',
      'job.autoscaler.quota.cpu': '6',
      'job.autoscaler.quota.memory': '24576m',
    });
  });

  test('the key groups leave room for the autoscaler\'s maximum', () => {
    expect(streaming.job.parallelism.maxParallelism).toBeGreaterThanOrEqual(streaming.job.parallelism.max);
  });

  test('given autoscaler tuning replaces the defaults', () => {
    const tuning = { metricsWindow: '10 min', stabilizationInterval: '2 min', targetUtilization: '0.6', scaleDownInterval: '30 min', catchUpDuration: '15 min' };
    const config = flinkJobConfiguration({ flinkVersion: FlinkVersion.V1_20, ...streaming, checkpointBucketUri: BUCKET, autoscaler: tuning });
    expect(config).toMatchObject({
      'job.autoscaler.metrics.window': '10 min',
      'job.autoscaler.stabilization.interval': '2 min',
      'job.autoscaler.utilization.target': '0.6',
      'job.autoscaler.scale-down.interval': '30 min',
      'job.autoscaler.catch-up.duration': '15 min',
    });
    expect(DEFAULT_AUTOSCALER_TUNING.targetUtilization).toBe('0.7');
  });

  test('memory comes only from the pod resources (the operator derives the process size from them): no memory key to contradict them', () => {
    expect(Object.keys(configOf(streaming)).filter((k) => /^(taskmanager|jobmanager)\.memory\./.test(k))).toEqual([]);
  });
});

describe('other jobs', () => {
  test('a continuous streaming job: HA and periodic savepoints, no autoscaler, default scheduler', () => {
    const config = configOf({ ...streaming, job: { ...streaming.job, costControl: CostControl.CONTINUOUS } });
    expect(config).toMatchObject({ 'high-availability.type': 'kubernetes', 'kubernetes.operator.periodic.savepoint.interval': '6 h' });
    expect(Object.keys(config).filter((k) => k.startsWith('job.autoscaler.') || k === 'jobmanager.scheduler')).toEqual([]);
    expect(isAutoscaled({ ...streaming.job, costControl: CostControl.CONTINUOUS })).toBe(false);
  });

  test('a batch job: no checkpoint timing, no HA, no autoscaler; the finished JobManager goes after 10 minutes', () => {
    expect(isAutoscaled(batch.job)).toBe(false);
    expect(batch.job.checkpointing.enabled).toBe(false);
    expect(Object.keys(configOf(batch)).filter((k) => /interval|timeout|high-availability/.test(k))).toEqual([]);
    expect(configOf(batch)).toEqual({
      ...flinkStateConfiguration(FlinkVersion.V1_20, batch.job.checkpointing, BUCKET),
      'taskmanager.numberOfTaskSlots': '2',
      'pipeline.max-parallelism': '128',
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      'metrics.reporter.prom.port': '9249',
      'kubernetes.operator.jm-deployment.shutdown-ttl': '10 min',
    });
  });
});

const OPERATOR_RELEASES = FLINK_RELEASES.filter((r) => r.operatorFlinkVersion !== undefined);

describe.each(OPERATOR_RELEASES.map((r) => [r.minor, r.operatorFlinkVersion ?? '']))('Flink %s (spec.flinkVersion %s)', (minor, operatorValue) => {
  const version = FlinkVersion.of(minor);
  const config = configOf(streaming, version);
  const legacy = ['state.backend.incremental', 'state.checkpoints.dir', 'state.savepoints.dir', 'state.checkpoints.num-retained'];
  const current = ['execution.checkpointing.incremental', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.num-retained'];
  // Renamed in 1.20; Flink 2.0 removed the old names.
  const [expected, absent] = version.compareTo(FlinkVersion.V1_20) >= 0 ? [current, legacy] : [legacy, current];

  test('RocksDB with incremental checkpoints and the state keys of that version', () => {
    expect(config['state.backend.type']).toBe('rocksdb');
    expect(expected.map((k) => config[k])).toEqual([
      'true',
      's3://checkpoints-bucket/checkpoints/orders-to-lake',
      's3://checkpoints-bucket/savepoints/orders-to-lake',
      '3',
    ]);
    expect(absent.filter((k) => k in config)).toEqual([]);
    expect(flinkStateKeys(version)).toEqual({ incremental: expected[0], checkpointDir: expected[1], savepointDir: expected[2], retained: expected[3] });
  });

  test('the catalog\'s operator value is a spec.flinkVersion of the installed CRD', () => {
    expect(operatorFlinkVersion(operatorValue)).toBe(`v${minor.replace('.', '_')}`);
  });
});

test('the catalog covers 1.19 (legacy keys), 1.20 and 2.x (current keys) on the operator', () => {
  expect(OPERATOR_RELEASES.map((r) => r.minor)).toEqual(expect.arrayContaining(['1.19', '1.20', '2.0']));
});

test('fails if the Flink version is not one of the installed CRD', () => {
  expect(() => operatorFlinkVersion('v3_0')).toThrow(/^Flink version "v3_0" is not a spec\.flinkVersion of the installed FlinkDeployment CRD \(v1_13, .*v2_2.*\)$/);
});

test('pod sizes in Flink\'s units: cores as a number, memory in mebibytes (m)', () => {
  expect([flinkCpu({ cpuMillis: 1500, memoryMiB: 3072 }), flinkMemory({ cpuMillis: 1500, memoryMiB: 3072 })]).toEqual([1.5, '3072m']);
});
