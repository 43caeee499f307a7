import { Flavor } from '../../lib/flavor';
import { parseArguments } from '../../lib/cli/cli-arguments';
import { runOperation } from '../../lib/cli/ops-commands';
import { OperationError, PartitionLag, PipelineOperations, StateChoice } from '../../lib/cli/operations';
import { LoadDependencies, verifyUnderLoad } from '../../lib/cli/verify-load';
import { JobPlan, PipelinePlan } from '../../lib/plan/pipeline-plan';
import { consumerLagSignals, pipelineSignals } from '../../lib/plan/pipeline-signals';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../../lib/pricing/price-table';
import { environment, examplePlan } from '../support/test-app';
import { ORDERS_WITH_LOAD } from '../load/load-fixtures';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { readmeSession } from '../support/readme-session';
import { runCli } from './run-cli';
import { Clock } from '../../lib/clock';
import { FakeClock } from '../support/fake-clock';

const prices = PriceTable.load(DEFAULT_PRICE_TABLE_FILE);

/** A PipelineOperations that records its calls and answers `partitionLag` with the given lags, one per sample. */
class FakeOperations implements PipelineOperations {
  public readonly flavor: Flavor;
  public readonly calls: string[] = [];
  private sample = 0;

  constructor(flavor: Flavor, private readonly lags: readonly (number | undefined)[], private readonly failLagAt?: number) {
    this.flavor = flavor;
  }

  public status(): Promise<string> { this.calls.push('status'); return Promise.resolve('orders-to-lake  RUNNING  parallelism 2'); }
  public scale(): Promise<string> { return Promise.reject(new Error('not used')); }
  public snapshot(): Promise<string> { return Promise.reject(new Error('not used')); }
  public start(_plan: PipelinePlan, job: JobPlan, from: StateChoice): Promise<string> { this.calls.push(`start ${job.name} ${from}`); return Promise.resolve('started'); }
  public stop(_plan: PipelinePlan, job: JobPlan, from: StateChoice): Promise<string> { this.calls.push(`stop ${job.name} ${from}`); return Promise.resolve('stopped'); }
  public topics(): Promise<string> { return Promise.reject(new Error('not used')); }

  public lag(): Promise<string> { return Promise.reject(new Error('not used')); }

  public partitionLag(plan: PipelinePlan): Promise<PartitionLag> {
    this.calls.push('lag');
    const index = this.sample++;
    if (this.failLagAt === index) return Promise.reject(new OperationError('lag: throttled'));
    const lag = this.lags[Math.min(index, this.lags.length - 1)];
    return Promise.resolve(new Map(consumerLagSignals(plan).map((s) => [s.id, lag])));
  }
}

const plan = examplePlan('staging', [Flavor.MANAGED], ORDERS_WITH_LOAD);
const rate = plan.loadGenerator?.mbPerSecond ?? 0;

function run(ops: FakeOperations, minutes = 5, extra: Partial<LoadDependencies> = {}): { result: Promise<string>; progress: string[]; slept: number[] } {
  const progress: string[] = [];
  // Sleeping moves the fake clock on at once: a 5-minute run takes no time.
  const clock = new FakeClock();
  const result = verifyUnderLoad(plan, Flavor.MANAGED, environment('staging'), { mbPerSecond: rate, minutes, dryRun: false, progress: (l) => progress.push(l) },
    { operations: () => ops, prices, onInterrupt: () => () => undefined, clock, ...extra });
  return { result, progress, slept: clock.slept };
}

describe('pipelines verify --load', () => {
  test('starts the generator without state, samples lag and status every 30 s for --for minutes, stops it, and reports kept up', async () => {
    const ops = new FakeOperations(Flavor.MANAGED, [100, 300, 200, 250, 150, 200, 180, 220, 190, 210]);
    const { result, progress, slept } = run(ops);
    const text = await result;
    expect(ops.calls[0]).toBe('start load-generator none');
    expect(ops.calls[ops.calls.length - 1]).toBe('stop load-generator none');
    expect(ops.calls.filter((c) => c === 'lag')).toHaveLength(10);
    expect(ops.calls.filter((c) => c === 'status')).toHaveLength(10);
    expect(slept.every((ms) => ms === 30_000)).toBe(true);
    expect(progress[0]).toBe(`starting load-generator at ${rate} MB/s for 5 min`);
    expect(progress).toContain('[00:30] lag orders-to-lake:orders 100');
    expect(progress).toContain('[05:00] lag orders-to-lake:orders 210');
    expect(text).toMatch(/orders-to-lake\s+orders\s+300\s+210\s+\d+\s+kept up/);
    expect(text).toContain('orders-to-lake: kept up at');
    expect(text).toContain('as the plan predicts');
  });

  test('lag growing over the second half is FELL BEHIND, compared with the plan\'s capacity (fix named)', async () => {
    const ops = new FakeOperations(Flavor.MANAGED, [100, 2000, 5000, 9000, 14000, 20000, 27000, 35000, 44000, 54000]);
    const text = await run(ops).result;
    expect(text).toMatch(/orders-to-lake\s+orders\s+54000\s+54000\s+\d+\s+FELL BEHIND/);
    expect(text).toMatch(/orders-to-lake: FELL BEHIND at [\d.]+ MB\/s, which the plan says it carries \(keeps up after scaling up\): lower its throughputPerSubtaskMBps below [\d.]+ \(or raise parallelism.max\) and redeploy. If it had not scaled up yet, run longer/);
  });

  test('a lag above the signal threshold is FELL BEHIND even when flat', async () => {
    const threshold = pipelineSignals(plan).find((s) => s.id === 'consumer-lag:orders-to-lake:orders')?.threshold ?? 0;
    const text = await run(new FakeOperations(Flavor.MANAGED, [threshold + 1])).result;
    expect(text).toMatch(new RegExp(`orders-to-lake\\s+orders\\s+${threshold + 1}\\s+${threshold + 1}\\s+${threshold}\\s+FELL BEHIND`));
  });

  test('no lag figures are "no data", never "kept up"', async () => {
    const text = await run(new FakeOperations(Flavor.MANAGED, [undefined])).result;
    expect(text).toMatch(/orders-to-lake\s+orders\s+-\s+-\s+\d+\s+no data/);
    expect(text).toContain('orders-to-lake: no lag figures for every source: cannot compare with the plan.');
  });

  test('a failure while sampling still stops the generator, then reports the failure', async () => {
    const ops = new FakeOperations(Flavor.MANAGED, [100], 2);
    await expect(run(ops).result).rejects.toThrow('lag: throttled');
    expect(ops.calls[ops.calls.length - 1]).toBe('stop load-generator none');
  });

  test('Ctrl-C stops the generator and reports what was sampled', async () => {
    const ops = new FakeOperations(Flavor.MANAGED, [100]);
    let interrupt: () => void = () => undefined;
    const time = new FakeClock();
    const progress: string[] = [];
    let samples = 0;
    // Ctrl-C arrives during the third wait between samples.
    const clock: Clock = { now: () => time.now(), sleep: (ms, signal) => { if (++samples === 3) interrupt(); return time.sleep(ms, signal); } };
    const result = verifyUnderLoad(plan, Flavor.MANAGED, environment('staging'), { mbPerSecond: rate, minutes: 10, dryRun: false, progress: (l) => progress.push(l) }, {
      operations: () => ops, prices, clock,
      onInterrupt: (handler) => { interrupt = handler; return () => { interrupt = () => undefined; }; },
    });
    const text = await result;
    expect(progress).toContain('interrupted: stopping the load generator');
    expect(ops.calls[ops.calls.length - 1]).toBe('stop load-generator none');
    expect(ops.calls.filter((c) => c === 'lag')).toHaveLength(2);
    expect(text).toContain('Interrupted after 2 samples: the generator was stopped.');
  });

  test('--dry-run prints the records/s per topic and the predicted sizing and cost, and contacts nothing', async () => {
    const text = await verifyUnderLoad(plan, Flavor.MANAGED, environment('staging'), { mbPerSecond: rate, minutes: 15, dryRun: true, progress: () => undefined },
      { operations: () => { throw new Error('contacted'); }, prices });
    const generator = plan.loadGenerator;
    for (const t of generator?.topics ?? []) expect(text).toMatch(new RegExp(`${t.topic}\\s+[\\d.]+\\s+${t.rowsPerSecond}\\s+${t.recordSizeBytes}`));
    expect(text).toMatch(/Generator: parallelism \d+, \d+ KPUs, \$\d+\.\d\d\/hour while running \(\d+ KPUs × \$[\d.]+\/KPU-hour\); deployed stopped, not in the monthly cost estimate\./);
    expect(text).toMatch(/orders-to-lake\s+[\d.]+\s+\d+–\d+\s+[\d.]+–[\d.]+\s+\d+–\d+\s+\d+\.\d\d\s+keeps up/);
    expect(text).not.toMatch(/^customers-nightly/m);
    expect(text).toContain('Dry run: would start load-generator without state');
  });

  test('self-hosted: the sizing is in TaskManagers and the hourly cost in Flink nodes', async () => {
    const selfHosted = examplePlan('staging', [Flavor.SELF_HOSTED], ORDERS_WITH_LOAD);
    const text = await verifyUnderLoad(selfHosted, Flavor.SELF_HOSTED, environment('staging'), { mbPerSecond: rate, minutes: 15, dryRun: true, progress: () => undefined }, { prices });
    expect(text).toMatch(/Generator: parallelism \d+, \d+ TaskManagers, \$\d+\.\d\d\/hour while running \(\d+ \S+ node\(s\) for 1 JobManager/);
  });

  test('refuses a rate other than the deployed one, naming both fixes', async () => {
    await expect(verifyUnderLoad(plan, Flavor.MANAGED, environment('staging'), { mbPerSecond: 50, minutes: 5, dryRun: true, progress: () => undefined }, { prices }))
      .rejects.toThrow(`verify --load 50: the load generator of pipeline orders is deployed at ${rate} MB/s (the topics' planned peak) and its rate is part of its SQL: run verify --load ${rate}, or set loadGenerator.mbPerSecond: 50 in the definition and deploy`);
  });

  test('refuses a pipeline without a load generator, naming the fix', async () => {
    const plain = examplePlan('staging', [Flavor.MANAGED], ORDERS_PIPELINE);
    await expect(verifyUnderLoad(plain, Flavor.MANAGED, environment('staging'), { mbPerSecond: 5, minutes: 5, dryRun: true, progress: () => undefined }, { prices }))
      .rejects.toThrow('verify --load: pipeline orders has no load generator: add loadGenerator: {} (or { mbPerSecond: 5 }) to its definition and deploy');
  });

  test('runOperation passes the target\'s operations and prices (the CLI path)', async () => {
    const ops = new FakeOperations(Flavor.MANAGED, [10]);
    const args = parseArguments(['verify', '--load', String(rate), '--for', '1', '--dry-run']);
    const text = await runOperation('verify', args, { environment: environment('staging'), flavor: Flavor.MANAGED, plans: [plan], operations: ops, prices, clock: new FakeClock() }, () => undefined);
    expect(text).toContain('Dry run: would start load-generator');
    expect(ops.calls).toEqual([]);
  });
});

// The README's session, run as written on the repository (the example with a load generator, no credentials needed).
test('the README\'s verify --load --dry-run works on the repository and prints its session', async () => {
  const command = 'npx pipelines verify --load 12.1 --for 15 --dry-run --definitions lib/examples/orders-load-test.ts -c env=staging -c flavor=managed';
  const result = await runCli(command.split(' ').slice(2));
  expect(result.code).toBe(0);
  expect(result.out).toBe(readmeSession(command));
});
