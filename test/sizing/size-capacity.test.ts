import { CostControl } from '../../lib/definition/job-options';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { environment, examplePlan, exampleWith } from '../support/test-app';

/**
 * Hand computation for the example pipeline (lib/examples/orders-pipeline.ts), prod (RF 3, 3 zones):
 *
 * orders:    4 MB/s, peak ×3 = 12 MB/s, 7 days; partitions = max(3, ⌈12/10⌉ = 2, ⌈12/5⌉ = 3) = 3
 * customers: 0.05 MB/s, peak ×2 = 0.1 MB/s, 1 day, compacted, 6 partitions (explicit)
 * orders-to-lake (autoscaled): initial ⌈4/5⌉ = 1, max = 3 partitions, peak ⌈12/5⌉ = 3
 *   self-hosted: TMs ⌈1/2⌉ = 1 → at peak ⌈3/2⌉ = 2 held 4 h + 1 h → (2×5 + 1×19)/24 = 29/24 TMs on average
 *   MSF: KPUs 1 + 1 = 2; doubling 1 → 2 → 4, capped at 3 → 3 + 1 = 4 KPUs held 4 h + 6 h → (4×10 + 2×14)/24 = 68/24
 * customers-nightly (batch, explicit 2..6, 1 h/day): TMs 1 (max 3), KPUs 2 + 1 = 3 (max 7)
 * Flink nodes (m7g.xlarge holds 1 TM of 2000m + 1 JM of 1000m in 3670m): base 1, orders at peak 2 (+1 for 5/24 of the day),
 *   customers' run +1 for 1/24 → 1 + 5/24 + 1/24 = 1.25 on average; max: 5 TMs → 5 nodes
 * system nodes: platform pods (2050m) + 3 controllers (1500m) pack onto 3 m7g.large (1680m each), one per zone → 3
 */
describe('sizeCapacity: the example pipeline', () => {
  const prod = examplePlan('prod').sizing;

  test('prod jobs', () => {
    const [orders, customers] = prod.jobs;
    expect(orders.load).toEqual({ initial: 1, max: 3, peak: 3, hoursPerDay: 24 });
    expect(orders.selfHosted).toMatchObject({ slotsPerTaskManager: 2, taskManagers: 1, maxTaskManagers: 2 });
    expect(orders.selfHosted.averageTaskManagers).toBeCloseTo(29 / 24, 10);
    expect(orders.managed).toMatchObject({ parallelismPerKpu: 1, kpus: 2, maxKpus: 4, orchestrationKpus: 1 });
    expect(orders.managed.averageKpus).toBeCloseTo(68 / 24, 10);
    expect(customers.load).toEqual({ initial: 2, max: 6, peak: 2, hoursPerDay: 1 });
    expect(customers.selfHosted).toMatchObject({ taskManagers: 1, maxTaskManagers: 3, averageTaskManagers: 1 });
    expect(customers.managed).toMatchObject({ kpus: 3, maxKpus: 7, averageKpus: 3 });
  });

  test('prod node groups', () => {
    expect(prod.nodeGroups.system).toEqual({ instanceType: 'm7g.large', min: 3, max: 3, averageNodes: 3, instanceTypeSource: 'derived' });
    expect(prod.nodeGroups.kafka).toEqual({ instanceType: 'm7g.large', min: 3, max: 3, averageNodes: 3, instanceTypeSource: 'derived' });
    expect(prod.nodeGroups.flink).toMatchObject({ instanceType: 'm7g.xlarge', min: 1, max: 5, instanceTypeSource: 'derived' });
    expect(prod.nodeGroups.flink.averageNodes).toBeCloseTo(1.25, 10);
  });

  test('prod Kafka', () => {
    expect(prod.kafka).toMatchObject({ partitions: 9, partitionReplicas: 177 });
    expect(prod.kafka.selfHosted).toMatchObject({ brokers: 3, storagePerBrokerGiB: 3770, controllers: 3 });
    expect(prod.kafka.managed).toMatchObject({ mode: 'provisioned', brokers: 3, instanceType: 'kafka.m7g.large', storagePerBrokerGiB: 3770 });
  });

  test('dev: one broker, one controller, 2 system nodes (platform 2050m + controller 500m > 1680m), MSK Serverless', () => {
    const dev = examplePlan('dev').sizing;
    expect(dev.kafka.selfHosted).toMatchObject({ brokers: 1, zones: 1, controllers: 1, storagePerBrokerGiB: 3770 });
    expect(dev.nodeGroups.system.min).toBe(2);
    expect(dev.kafka.managed.mode).toBe('serverless');
  });

  test('lists its assumptions with sources and has no warnings', () => {
    const names = prod.assumptions.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['partition write throughput', 'KPU', 'MSF KPU quota', 'scale-down delay', 'workload scale']));
    expect(prod.assumptions.every((a) => a.value.length > 0 && a.source.length > 0)).toBe(true);
    expect(prod.warnings).toEqual([]);
  });

  test('a continuous job runs at its peak parallelism all day: orders-to-lake continuous → 3, 2 TMs, 4 KPUs', () => {
    const def = exampleWith((d) => { d.jobs[0].costControl = CostControl.CONTINUOUS; });
    const [orders] = resolvePlan(def, environment('prod')).sizing.jobs;
    expect(orders.load).toEqual({ initial: 3, max: 3, peak: 3, hoursPerDay: 24 });
    expect(orders.selfHosted.averageTaskManagers).toBe(2);
    expect(orders.managed.averageKpus).toBe(4);
  });

  test('a scheduled window of 6 h/day must catch up a day in 6 h: max(12, 4 × 24 ÷ 6 = 16) ÷ 5 → 4, over 3 partitions → 3 and a warning', () => {
    const def = exampleWith((d) => { d.jobs[0].costControl = CostControl.scheduledWindow(6); });
    const plan = resolvePlan(def, environment('prod'));
    expect(plan.sizing.jobs[0].load).toEqual({ initial: 3, max: 3, peak: 3, hoursPerDay: 6 });
    expect(plan.sizing.warnings.map((w) => w.message)).toEqual(['needs parallelism 4 to process a day of ingress within its 6 h window (16 MB/s ÷ 5 MB/s per subtask), but max is 3']);
  });
});

function problemsOf(run: () => unknown): { path: string; message: string; fix: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PipelineValidationError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a PipelineValidationError');
}

describe('sizeCapacity: impossible sizing fails with the path, the value and the fix', () => {
  test('fails if an explicit parallelism exceeds the partitions of the largest source', () => {
    const def = exampleWith((d) => { d.jobs[1].parallelism = { initial: 2, max: 8 }; });
    expect(problemsOf(() => resolvePlan(def, environment('prod')))).toEqual([{
      path: 'jobs[1] ("customers-nightly").parallelism.max',
      message: 'is 8, more than the 6 partitions of its largest source topic "customers": 2 source subtasks would idle while holding slots and KPUs',
      fix: 'lower it to 6 or fewer, or raise the partitions of topic "customers"',
    }]);
  });

  test('fails if an explicit initial parallelism exceeds the partitions too', () => {
    const def = exampleWith((d) => { d.jobs[1].parallelism = { initial: 7, max: 7 }; });
    expect(problemsOf(() => resolvePlan(def, environment('prod'))).map((p) => p.path)).toEqual([
      'jobs[1] ("customers-nightly").parallelism.initial', 'jobs[1] ("customers-nightly").parallelism.max',
    ]);
  });

  test('fails if an explicit parallelism exceeds the environment cap', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, maxParallelism: 4 } };
    expect(problemsOf(() => resolvePlan(exampleWith(() => undefined), env))).toEqual([{
      path: 'jobs[1] ("customers-nightly").parallelism.max', message: 'is 6, above environments.prod.sizing.maxParallelism (4)', fix: 'lower it, or raise the environment cap',
    }]);
  });

  test('fails if the MSF KPU quota (64 per application) is exceeded, only when deploying the managed flavor', () => {
    const def = exampleWith((d) => { d.topics[1].partitions = 80; d.jobs[1].parallelism = { initial: 2, max: 80 }; });
    expect(problemsOf(() => resolvePlan(def, environment('prod'), [Flavor.MANAGED]))).toEqual([{
      path: 'jobs[1] ("customers-nightly").parallelism.max',
      message: 'is 80: 80 KPUs at parallelismPerKpu 1, above the Managed Service for Apache Flink default quota of 64 KPUs per application',
      fix: 'lower parallelism.max to 64 or less, raise sizing.parallelismPerKpu, or request a KPU quota increase and say so here',
    }]);
    expect(resolvePlan(def, environment('prod'), [Flavor.SELF_HOSTED]).sizing.jobs[1].managed.maxKpus).toBe(81);
  });

  test('a higher parallelismPerKpu brings the same job under the quota: ⌈80 ÷ 2⌉ = 40 KPUs', () => {
    const def = exampleWith((d) => { d.topics[1].partitions = 80; d.jobs[1].parallelism = { initial: 2, max: 80 }; });
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, parallelismPerKpu: 2 } };
    expect(resolvePlan(def, env, [Flavor.MANAGED]).sizing.jobs[1].managed).toMatchObject({ kpus: 2, maxKpus: 41 });
  });

  test('fails if parallelismPerKpu or slotsPerTaskManager are out of range', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, parallelismPerKpu: 9, slotsPerTaskManager: 0 } };
    expect(problemsOf(() => resolvePlan(exampleWith(() => undefined), env))).toEqual([
      { path: 'environments.prod.sizing.parallelismPerKpu', message: 'must be a whole number from 1 to 8, got 9', fix: 'use 1 (the MSF default) unless the job waits on I/O' },
      { path: 'environments.prod.sizing.slotsPerTaskManager', message: 'must be a whole number ≥ 1, got 0', fix: 'use 2 (or remove it)' },
    ]);
  });

  test('fails if the Flink node type cannot hold a TaskManager', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, flinkNodeInstanceType: 'm7g.large' } };
    expect(problemsOf(() => resolvePlan(exampleWith(() => undefined), env))).toEqual([{
      path: 'environments.prod.sizing.flinkNodeInstanceType', message: 'm7g.large cannot hold one TaskManager (2000m CPU, 8192 MiB) and one JobManager', fix: 'use a larger type, or fewer sizing.slotsPerTaskManager',
    }]);
  });

  test('an explicit Flink node type that fits wins', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, flinkNodeInstanceType: 'm7g.2xlarge' } };
    expect(resolvePlan(exampleWith(() => undefined), env).sizing.nodeGroups.flink).toMatchObject({ instanceType: 'm7g.2xlarge', instanceTypeSource: 'explicit', min: 1, max: 2 });
  });

  test('warns (without failing) when the partitions cannot carry the peak', () => {
    const def = exampleWith((d) => { d.topics[0].partitions = 2; });
    const plan = resolvePlan(def, environment('prod'));
    expect(plan.sizing.warnings).toEqual([{
      path: 'jobs[0] ("orders-to-lake").parallelism',
      message: 'needs parallelism 3 at peak ingress (12 MB/s ÷ 5 MB/s per subtask), but max is 2',
      fix: 'raise the partitions of its sources and parallelism.max, or its throughputPerSubtaskMBps if measured higher',
    }]);
  });

  test('warns when a batch job cannot read its backlog within its window', () => {
    // customers at 2 MB/s × 1 day = 172800 MB in 1 h = 48 MB/s → ⌈48 ÷ 5⌉ = 10 > max 6
    const def = exampleWith((d) => { const w = d.topics[1].workload; if (w) w.ingressMBps = 2; });
    expect(resolvePlan(def, environment('prod')).sizing.warnings.map((w) => w.message)).toEqual([
      'needs parallelism 10 to read its sources\' backlog within its 1 h window, but max is 6',
    ]);
  });
});
