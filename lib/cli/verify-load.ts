import { Clock, SYSTEM_CLOCK } from '../clock';
import { Flavor } from '../flavor';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { LoadGeneratorPlan } from '../plan/load-generator-plan';
import { PipelinePlan } from '../plan/pipeline-plan';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../pricing/price-table';
import { operationsFor } from './flavor-operations';
import { LagSample, judgeLag, loadedLagSignals } from './load-lag';
import { describeLoadPlan, describeLoadResult } from './load-report';
import { ActionOptions, OperationError, PipelineOperations, pipelineHeader } from './operations';

/** What `pipelines verify --load <MB/s> --for <minutes>` was asked to do. */
export interface LoadOptions {
  readonly mbPerSecond: number;
  readonly minutes: number;
  readonly dryRun: boolean;
  readonly progress: (line: string) => void;
}

/** What `verifyUnderLoad` runs against, injectable for tests. */
export interface LoadDependencies {
  /**
   * The flavor's operations, created only when the run contacts the pipeline (not for `--dry-run`).
   * @default - operationsFor(flavor, environment, clock)
   */
  readonly operations?: () => PipelineOperations;
  /** @default - the package's price table */
  readonly prices?: PriceTable;
  /** The run's time and its waits between samples (a Ctrl-C aborts a wait). @default SYSTEM_CLOCK */
  readonly clock?: Clock;
  /**
   * Calls `handler` on Ctrl-C (SIGINT) during the run; returns how to stop listening.
   * @default - a process SIGINT listener
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
  /** @default 30000 */
  readonly sampleIntervalMs?: number;
}

/** The rate `--load` may differ from the deployed one by (rounding of a typed figure). */
const RATE_TOLERANCE = 0.005;

function processInterrupt(handler: () => void): () => void {
  process.once('SIGINT', handler);
  return () => { process.removeListener('SIGINT', handler); };
}

/**
 * The plan's generator at the asked rate, or an OperationError with the fix: the rate is part of the generator's
 * deployed SQL (datagen `rows-per-second`), so `--load` must name the deployed rate; another rate is a definition
 * change and a deploy.
 */
export function generatorAt(plan: PipelinePlan, mbPerSecond: number): LoadGeneratorPlan {
  const generator = plan.loadGenerator;
  if (generator === undefined) {
    throw new OperationError(`verify --load: pipeline ${plan.pipelineName} has no load generator: add loadGenerator: {} (or { mbPerSecond: ${mbPerSecond} }) to its definition and deploy`);
  }
  if (Math.abs(mbPerSecond - generator.mbPerSecond) > RATE_TOLERANCE * generator.mbPerSecond) {
    const source = generator.rateSource === 'explicit' ? 'loadGenerator.mbPerSecond' : 'the topics\' planned peak';
    throw new OperationError(`verify --load ${mbPerSecond}: the load generator of pipeline ${plan.pipelineName} is deployed at ${generator.mbPerSecond} MB/s (${source}) and its rate is part of its SQL: run verify --load ${generator.mbPerSecond}, or set loadGenerator.mbPerSecond: ${mbPerSecond} in the definition and deploy`);
  }
  return generator;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function minutesSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function lagLine(sample: LagSample, peaks: Map<string, number>): string {
  const parts = [...sample.entries()].map(([id, lag]) => {
    if (lag !== undefined) peaks.set(id, Math.max(peaks.get(id) ?? 0, lag));
    return `${id.replace(/^consumer-lag:/, '')} ${lag ?? 'no data'}`;
  });
  return parts.length === 0 ? 'no lag signal' : `lag ${parts.join(', ')}`;
}

/**
 * Runs the pipeline's load generator at its deployed rate for `minutes` and reports the consumer lag against the
 * thresholds of the pipeline's signals and the capacity the plan predicted. `--dry-run` prints the plan of the run and
 * contacts nothing. The generator starts without state (`start … none`), lag and status are sampled every 30 s, and
 * the generator is stopped (without a snapshot) at the end, on a failure and on Ctrl-C.
 */
export async function verifyUnderLoad(plan: PipelinePlan, flavor: Flavor, environment: PipelineEnvironment, options: LoadOptions, dependencies: LoadDependencies = {}): Promise<string> {
  const generator = generatorAt(plan, options.mbPerSecond);
  const prices = dependencies.prices ?? PriceTable.load(DEFAULT_PRICE_TABLE_FILE);
  const planned = describeLoadPlan(plan, generator, flavor, prices, options.minutes);
  const header = pipelineHeader(plan, flavor);
  if (options.dryRun) {
    return [header, planned, `Dry run: would start ${generator.job.name} without state (start --from none), sample lag and status every 30 s for ${options.minutes} min, then stop it without a snapshot. Nothing was contacted.`].join('\n');
  }
  const clock = dependencies.clock ?? SYSTEM_CLOCK;
  const ops = (dependencies.operations ?? (() => operationsFor(flavor, environment, clock)))();
  const interval = dependencies.sampleIntervalMs ?? 30_000;
  const signals = loadedLagSignals(plan);
  const action: ActionOptions = { wait: true, progress: options.progress };
  const abort = new AbortController();
  const stopListening = (dependencies.onInterrupt ?? processInterrupt)(() => {
    options.progress('interrupted: stopping the load generator');
    abort.abort();
  });
  const samples: LagSample[] = [];
  const peaks = new Map<string, number>();
  let lastStatus = '';
  options.progress(`starting ${generator.job.name} at ${generator.mbPerSecond} MB/s for ${options.minutes} min`);
  let failure: unknown;
  try {
    await ops.start(plan, generator.job, 'none', action);
    const started = clock.now();
    const end = started + options.minutes * 60_000;
    while (!abort.signal.aborted) {
      await clock.sleep(Math.max(0, Math.min(interval, end - clock.now())), abort.signal);
      if (abort.signal.aborted) break;
      const figures = await ops.partitionLag(plan);
      const sample: LagSample = new Map(signals.map((signal) => [signal.id, figures.get(signal.id)]));
      lastStatus = await ops.status(plan, prices);
      samples.push(sample);
      options.progress(`[${minutesSeconds(clock.now() - started)}] ${lagLine(sample, peaks)}`);
      if (clock.now() >= end) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    stopListening();
  }
  options.progress(`stopping ${generator.job.name}`);
  try {
    await ops.stop(plan, generator.job, 'none', action);
  } catch (stopFailure) {
    if (failure === undefined) throw stopFailure;
    throw new OperationError(`${message(failure)}; stopping the load generator failed too (${message(stopFailure)}): stop it yourself (managed: StopApplication of ${generator.job.name}'s application; self-hosted: spec.job.state suspended on FlinkDeployment ${generator.job.name})`);
  }
  if (failure !== undefined) throw failure;
  const interrupted = abort.signal.aborted ? `Interrupted after ${samples.length} samples: the generator was stopped.` : '';
  return [header, planned, describeLoadResult(plan, generator, judgeLag(signals, samples), samples.length), interrupted, 'Status at the end of the run:', lastStatus]
    .filter((line) => line !== '').join('\n');
}
