import { jobHourlyCost } from '../cost/job-hourly-cost';
import { JobMode } from '../definition/job-options';
import { Flavor } from '../flavor';
import { LoadGeneratorPlan } from '../plan/load-generator-plan';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { JobSizing } from '../sizing/sizing-plan';
import { LagVerdict } from './load-lag';
import { formatTable } from './operations';

function mb(value: number): string {
  return value >= 1 ? value.toFixed(1) : value.toFixed(3);
}

/** KPUs (managed) or TaskManagers (self-hosted) of a job at its initial or max parallelism. */
function units(flavor: Flavor, sizing: JobSizing, level: 'initial' | 'max'): number {
  if (flavor.id === Flavor.MANAGED.id) return level === 'initial' ? sizing.managed.kpus : sizing.managed.maxKpus;
  return level === 'initial' ? sizing.selfHosted.taskManagers : sizing.selfHosted.maxTaskManagers;
}

function unitName(flavor: Flavor): string {
  return flavor.id === Flavor.MANAGED.id ? 'KPUs' : 'TaskManagers';
}

/** What a job is offered by the generator, and what the plan predicts it can carry (throughputPerSubtaskMBps × parallelism). */
export interface JobCapacity {
  readonly job: JobPlan;
  /** MB/s the generator writes to the job's sources. */
  readonly offeredMBps: number;
  /** Predicted capacity at initial and max parallelism, MB/s. */
  readonly initialMBps: number;
  readonly maxMBps: number;
  /** What the plan predicts: carried at the initial size, only after scaling up to max, or not even at max. */
  readonly prediction: 'at-initial' | 'at-max' | 'beyond-max';
}

/** The capacity comparison of each streaming job that reads a topic the generator writes (batch runs have no lag). */
export function jobCapacities(plan: PipelinePlan, generator: LoadGeneratorPlan): JobCapacity[] {
  return plan.jobs.filter((job) => job.mode.value === JobMode.STREAMING.value).flatMap((job) => {
    const offeredMBps = generator.topics.filter((t) => job.sources.includes(t.topic)).reduce((sum, t) => sum + t.mbPerSecond, 0);
    if (offeredMBps === 0) return [];
    const initialMBps = job.throughputPerSubtaskMBps * job.parallelism.initial;
    const maxMBps = job.throughputPerSubtaskMBps * job.parallelism.max;
    const prediction = offeredMBps <= initialMBps ? 'at-initial' : offeredMBps <= maxMBps ? 'at-max' : 'beyond-max';
    return [{ job, offeredMBps, initialMBps, maxMBps, prediction }];
  });
}

const PREDICTIONS: Record<JobCapacity['prediction'], string> = {
  'at-initial': 'keeps up at initial size',
  'at-max': 'keeps up after scaling up',
  'beyond-max': 'falls behind even at max',
};

/**
 * The load test as planned: the generator's rate per topic in records/s, its own size and hourly cost while running
 * (it is not in the monthly estimate), and per job the offered MB/s against the capacity the plan predicts.
 */
export function describeLoadPlan(plan: PipelinePlan, generator: LoadGeneratorPlan, flavor: Flavor, prices: PriceTable, minutes: number): string {
  const source = generator.rateSource === 'explicit' ? 'loadGenerator.mbPerSecond' : 'the topics\' planned peak ingress';
  const topicRows = [['topic', 'MB/s', 'records/s', 'record bytes', 'string length'],
    ...generator.topics.map((t) => [t.topic, mb(t.mbPerSecond), String(t.rowsPerSecond), String(t.recordSizeBytes), String(t.stringLength)])];
  const cost = jobHourlyCost(plan, generator.sizing, flavor, prices);
  const jobRows = [['job', 'offered MB/s', 'parallelism', 'capacity MB/s', unitName(flavor), '$/hour', 'plan predicts'],
    ...jobCapacities(plan, generator).map((c) => {
      const sizing = plan.sizing.jobs.find((s) => s.job === c.job.name);
      return [c.job.name, mb(c.offeredMBps), `${c.job.parallelism.initial}–${c.job.parallelism.max}`, `${mb(c.initialMBps)}–${mb(c.maxMBps)}`,
        sizing === undefined ? '-' : `${units(flavor, sizing, 'initial')}–${units(flavor, sizing, 'max')}`,
        sizing === undefined ? '-' : jobHourlyCost(plan, sizing, flavor, prices).usdPerHour.toFixed(2), PREDICTIONS[c.prediction]];
    })];
  return [
    `Load: ${generator.job.name} at ${generator.mbPerSecond} MB/s (${source}) for ${minutes} min`,
    formatTable(topicRows),
    `Generator: parallelism ${generator.job.parallelism.initial}, ${units(flavor, generator.sizing, 'initial')} ${unitName(flavor)}, $${cost.usdPerHour.toFixed(2)}/hour while running (${cost.formula}); deployed stopped, not in the monthly cost estimate.`,
    'Predicted capacity of the streaming jobs (throughputPerSubtaskMBps × parallelism, initial–max; $/hour at initial size):',
    formatTable(jobRows),
  ].join('\n');
}

function figure(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

const VERDICTS: Record<LagVerdict['verdict'], string> = {
  'kept-up': 'kept up',
  'fell-behind': 'FELL BEHIND',
  'no-data': 'no data',
};

/** The measured lag against the thresholds, and whether each job kept up compared with what the plan predicted. */
export function describeLoadResult(plan: PipelinePlan, generator: LoadGeneratorPlan, verdicts: readonly LagVerdict[], samples: number): string {
  const rows = [['job', 'topic', 'peak lag', 'end lag', 'threshold', 'result'],
    ...verdicts.map((v) => [v.signal.job ?? '-', v.signal.topic ?? '-', figure(v.peak), figure(v.end), String(v.signal.threshold), VERDICTS[v.verdict]])];
  const lines = [`Consumer lag over ${samples} samples (records; kept up = peak under the threshold and not growing over the second half):`, formatTable(rows)];
  for (const capacity of jobCapacities(plan, generator)) {
    const mine = verdicts.filter((v) => v.signal.job === capacity.job.name);
    if (mine.length === 0 || mine.some((v) => v.verdict === 'no-data')) {
      lines.push(`${capacity.job.name}: no lag figures for every source: cannot compare with the plan.`);
      continue;
    }
    const kept = mine.every((v) => v.verdict === 'kept-up');
    const predicted = capacity.prediction !== 'beyond-max';
    const measured = `${mb(capacity.offeredMBps)} MB/s`;
    if (kept === predicted) {
      lines.push(`${capacity.job.name}: ${kept ? 'kept up' : 'fell behind'} at ${measured}, as the plan predicts (${PREDICTIONS[capacity.prediction]}).`);
    } else if (kept) {
      lines.push(`${capacity.job.name}: kept up at ${measured}, above the ${mb(capacity.maxMBps)} MB/s the plan predicts at max parallelism: its throughputPerSubtaskMBps (${capacity.job.throughputPerSubtaskMBps}) is conservative.`);
    } else {
      const perSubtask = capacity.offeredMBps / capacity.job.parallelism.max;
      // A job sized to reach the rate only after scaling up needs the autoscaler's time (MSF: 15 min at CPU ≥ 75 %;
      // the Flink autoscaler: a 15 min metrics window plus 5 min stabilization) before its lag can fall.
      const scaling = capacity.prediction === 'at-max' ? ' If it had not scaled up yet, run longer (--for 30 or more) before concluding.' : '';
      lines.push(`${capacity.job.name}: FELL BEHIND at ${measured}, which the plan says it carries (${PREDICTIONS[capacity.prediction]}): lower its throughputPerSubtaskMBps below ${perSubtask.toFixed(2)} (or raise parallelism.max) and redeploy.${scaling}`);
    }
  }
  return lines.join('\n');
}
