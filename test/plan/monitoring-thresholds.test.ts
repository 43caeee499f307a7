import { Duration } from 'aws-cdk-lib';
import { flinkDuration } from '../../lib/catalog/flink-state-configuration';
import { Flavor } from '../../lib/flavor';
import { PipelineSignal, pipelineSignals } from '../../lib/plan/pipeline-signals';
import {
  BACKPRESSURE_MS_PER_SECOND, BROKER_DISK_USED_PERCENT, BUSY_TIME_MS_PER_SECOND, CPU_PERCENT, DEFAULT_JOB_THRESHOLDS, MEMORY_PERCENT, RESTARTS_PER_HOUR,
} from '../../lib/plan/signal-thresholds';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { examplePlan, exampleWith } from '../support/test-app';

function planOf(definition: PipelineDefinition) {
  return examplePlan('prod', [Flavor.MANAGED], definition);
}

function thresholds(signals: readonly PipelineSignal[]): Record<string, number | undefined> {
  return Object.fromEntries(signals.map((s) => [s.id, s.threshold]));
}

describe('signal thresholds flow from the definition into the plan', () => {
  test('without monitoring, every job gets the documented defaults and the cluster its disk default', () => {
    const plan = planOf(exampleWith(() => undefined));
    expect(plan.monitoring).toEqual({
      brokerDiskPercent: BROKER_DISK_USED_PERCENT,
      jobs: { 'orders-to-lake': DEFAULT_JOB_THRESHOLDS, 'customers-nightly': DEFAULT_JOB_THRESHOLDS },
    });
    expect(DEFAULT_JOB_THRESHOLDS).toMatchObject({
      restartsPerHour: RESTARTS_PER_HOUR, busyTimeMsPerSecond: BUSY_TIME_MS_PER_SECOND, backpressureMsPerSecond: BACKPRESSURE_MS_PER_SECOND,
      cpuPercent: CPU_PERCENT, memoryPercent: MEMORY_PERCENT, checkpointFailures: 0, alarms: true, consumerLag: { maxMinutesOfPeak: 5 },
    });
  });

  test('the pipeline\'s monitoring sets every job\'s thresholds; a job\'s own monitoring overrides field by field', () => {
    const plan = planOf(exampleWith((d) => {
      d.monitoring = { restartsPerHour: 1, cpuPercent: 70, brokerDiskPercent: 60, consumerLag: { maxRecords: 20_000 }, checkpointFailures: 2 };
      d.jobs[0].monitoring = { cpuPercent: 90, busyTimeMsPerSecond: 700, memoryPercent: 85, backpressureMsPerSecond: 300 };
      d.jobs[1].monitoring = { restartsPerHour: 2 };
    }));
    const t = thresholds(pipelineSignals(plan));
    expect(t).toMatchObject({
      'restarts:orders-to-lake': 1,
      'restarts:customers-nightly': 2,
      'cpu:orders-to-lake': 90,
      'memory:orders-to-lake': 85,
      'busy-time:orders-to-lake': 700,
      'backpressure:orders-to-lake': 300,
      'checkpoint-failures:orders-to-lake': 2,
      'consumer-lag:orders-to-lake:orders': 20_000,
      'broker-disk:cluster': 60,
    });
    expect(pipelineSignals(plan).find((s) => s.id === 'restarts:orders-to-lake')?.description).toBe('Job orders-to-lake restarted more than once in an hour (a crash loop)');
  });

  test('a lag in minutes of peak scales the derived per-partition threshold; records replace it', () => {
    // orders: 12 MB/s peak of 1,024-byte records over 3 partitions = 3,906.25 records/s per partition.
    const lag = (definition: PipelineDefinition) => thresholds(pipelineSignals(planOf(definition)))['consumer-lag:orders-to-lake:orders'];
    expect(lag(exampleWith(() => undefined))).toBe(1_171_875);
    expect(lag(exampleWith((d) => { d.jobs[0].monitoring = { consumerLag: { maxMinutesOfPeak: 1 } }; }))).toBe(234_375);
    expect(lag(exampleWith((d) => { d.monitoring = { consumerLag: { maxMinutesOfPeak: 1 } }; d.jobs[0].monitoring = { consumerLag: { maxRecords: 500 } }; }))).toBe(500);
  });

  test('alarms: false keeps a job\'s signals on the dashboard and pages none of them', () => {
    const signals = pipelineSignals(planOf(exampleWith((d) => { d.jobs[0].monitoring = { alarms: false }; })));
    expect(signals.filter((s) => s.job === 'orders-to-lake' && s.alarm)).toEqual([]);
    expect(signals.filter((s) => s.alarm).map((s) => s.id)).toEqual(['failed-runs:customers-nightly', 'restarts:customers-nightly']);
    const quiet = pipelineSignals(planOf(exampleWith((d) => { d.monitoring = { alarms: false }; })));
    expect(quiet.filter((s) => s.alarm)).toEqual([]);
  });
});

test('a checkpoint interval that is not a whole number of minutes: a whole-millisecond timeout (twice it), its signal and its Flink setting', () => {
  // Found by the fuzz suite: 481 s gave a timeout of 16.03… minutes, which Duration cannot convert to milliseconds.
  const definition = exampleWith((d) => { (d.jobs[0] as { checkpointInterval?: Duration }).checkpointInterval = Duration.seconds(481); });
  const plan = examplePlan('dev', Flavor.ALL, definition as PipelineDefinition);
  const job = plan.jobs[0];
  expect(job?.checkpointing.timeout.toMilliseconds()).toBe(962_000);
  const signal = pipelineSignals(plan).find((s) => s.id === `checkpoint-duration:${job?.name ?? ''}`);
  expect(signal?.threshold).toBe(481_000);
  expect(flinkDuration(job?.checkpointing.timeout ?? Duration.seconds(0))).toBe('962 s');
});
