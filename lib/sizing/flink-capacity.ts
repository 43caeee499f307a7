import { JobMode } from '../definition/job-options';
import { JobPlan, TopicPlan } from '../plan/pipeline-plan';
import { jobDemand } from './job-parallelism';
import { ceilUnits } from './private/rounding';
import { SIZING_DEFAULTS } from './sizing-defaults';
import { JobLoadSizing, JobSizing, PodResources } from './sizing-plan';

/** Per-environment Flink compute settings. */
export interface FlinkComputeSettings {
  /** MSF ParallelismPerKPU, and the slot density of self-hosted TaskManagers. */
  readonly parallelismPerKpu: number;
  readonly slotsPerTaskManager: number;
}

/** Hours a day an autoscaled job holds its peak parallelism: the peak plus the platform's scale-down delay. */
export function hoursAtPeak(scaleDownHours: number): number {
  return Math.min(24, SIZING_DEFAULTS.peakHoursPerDay + scaleDownHours);
}

/**
 * A job's parallelism over a day. peak = ⌈peak ingress ÷ subtask throughput⌉ between initial and max for autoscaled
 * streaming jobs; otherwise the job runs at its initial parallelism (continuous: sized for the peak already;
 * scheduled and batch: sized for their window).
 */
export function jobLoad(job: JobPlan, sources: readonly TopicPlan[]): JobLoadSizing {
  const demand = jobDemand(sources, job.costControl, job.mode);
  const { initial, max } = job.parallelism;
  const autoscaled = job.mode.value === JobMode.STREAMING.value && job.costControl.mode === 'autoscaled';
  const peakNeeded = ceilUnits(demand.peakMBps / job.throughputPerSubtaskMBps);
  const peak = autoscaled ? Math.min(max, Math.max(initial, peakNeeded)) : initial;
  return { initial, max, peak, hoursPerDay: demand.hoursPerDay };
}

/**
 * MSF autoscaling doubles parallelism from the initial value until the load is carried: the parallelism it reaches
 * for `needed` is initial × 2^k (the smallest such value ≥ needed), capped at max.
 */
export function msfScaledParallelism(initial: number, needed: number, max: number): number {
  let p = initial;
  while (p < needed && p < max) p *= 2;
  return Math.min(p, max);
}

/** KPUs of an MSF application at a parallelism: ⌈parallelism ÷ parallelismPerKpu⌉ + 1 orchestration KPU. */
export function kpusFor(parallelism: number, parallelismPerKpu: number): number {
  return ceilUnits(parallelism / parallelismPerKpu) + 1;
}

/** Resources of one TaskManager: per slot 1 ÷ parallelismPerKpu vCPU and 4096 ÷ parallelismPerKpu MiB (a KPU's share). */
export function taskManagerResources(settings: FlinkComputeSettings): PodResources {
  return {
    cpuMillis: Math.round(settings.slotsPerTaskManager * 1000 / settings.parallelismPerKpu),
    memoryMiB: Math.round(settings.slotsPerTaskManager * SIZING_DEFAULTS.memoryPerKpuMiB / settings.parallelismPerKpu),
  };
}

/** A time-weighted average over a day of `atPeak` for `peakHours` and `atBase` the rest. */
function dayAverage(atBase: number, atPeak: number, peakHours: number): number {
  return (atPeak * peakHours + atBase * (24 - peakHours)) / 24;
}

/**
 * The compute of one job on both flavors.
 * Self-hosted: TaskManagers = ⌈parallelism ÷ slotsPerTaskManager⌉ plus one JobManager; the operator autoscaler holds a
 * peak for `peakHoursPerDay` + 1 h (its scale-down interval).
 * Managed: KPUs = ⌈parallelism ÷ parallelismPerKpu⌉ + 1; MSF doubles parallelism towards the peak and holds it for
 * `peakHoursPerDay` + 6 h (it scales down after 6 h of low CPU).
 * Averages are over the hours the job runs; the cost model multiplies them by those hours.
 */
export function sizeJob(job: JobPlan, sources: readonly TopicPlan[], settings: FlinkComputeSettings): JobSizing {
  const load = jobLoad(job, sources);
  const slots = settings.slotsPerTaskManager;
  const ppk = settings.parallelismPerKpu;
  const tms = (p: number) => ceilUnits(p / slots);
  const autoscaled = load.peak > load.initial;
  const msfPeak = msfScaledParallelism(load.initial, load.peak, load.max);
  return {
    job: job.name,
    load,
    selfHosted: {
      slotsPerTaskManager: slots,
      taskManager: taskManagerResources(settings),
      jobManager: { ...SIZING_DEFAULTS.jobManager },
      taskManagers: tms(load.initial),
      maxTaskManagers: tms(load.max),
      averageTaskManagers: autoscaled ? dayAverage(tms(load.initial), tms(load.peak), hoursAtPeak(SIZING_DEFAULTS.operatorScaleDownHours)) : tms(load.initial),
    },
    managed: {
      parallelismPerKpu: ppk,
      kpus: kpusFor(load.initial, ppk),
      maxKpus: kpusFor(load.max, ppk),
      averageKpus: autoscaled ? dayAverage(kpusFor(load.initial, ppk), kpusFor(msfPeak, ppk), hoursAtPeak(SIZING_DEFAULTS.msfScaleDownHours)) : kpusFor(load.initial, ppk),
      orchestrationKpus: 1,
    },
  };
}
