import { CostControl, JobMode } from '../definition/job-options';
import { ParallelismDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { ParallelismPlan, TopicPlan } from '../plan/pipeline-plan';
import { ceilUnits } from './private/rounding';
import { SIZING_DEFAULTS } from './sizing-defaults';

/** Inputs of the parallelism derivation of one job. */
export interface JobParallelismInput {
  /** The job's source topics, already planned (partitions known). */
  readonly sources: readonly TopicPlan[];
  /** MB/s one parallel instance sustains. */
  readonly throughputPerSubtaskMBps: number;
  /**
   * Parallelism from the definition: each given value wins.
   * @default - both derived
   */
  readonly explicit?: ParallelismDefinition;
  readonly environment: PipelineEnvironment;
  /**
   * How the job's compute is controlled: decides what the initial parallelism must carry.
   * @default CostControl.AUTOSCALED
   */
  readonly costControl?: CostControl;
  /**
   * Streaming or batch.
   * @default JobMode.STREAMING
   */
  readonly mode?: JobMode;
}

/** MB/s the job must process, by situation. */
export interface JobDemand {
  /** Sum of the sources' average ingress. */
  readonly averageMBps: number;
  /** Sum of the sources' peak ingress. */
  readonly peakMBps: number;
  /** What the initial parallelism must carry given the cost control (see {@link deriveJobParallelism}). */
  readonly initialMBps: number;
  /** Hours a day the job runs. */
  readonly hoursPerDay: number;
}

/** Bytes a bounded (batch) read of a topic scans: everything it retains, MB (ingress × retention). */
export function topicBacklogMB(topic: TopicPlan): number {
  if (!topic.workload) return 0;
  // Compacted topics too: ingress × retention is an upper bound of the compacted log (see BASE_ASSUMPTIONS).
  return topic.workload.ingressMBps * topic.retention.toMilliseconds() / 1000;
}

/**
 * The throughput a job must sustain.
 * - streaming, continuous: the peak, all day;
 * - streaming, autoscaled: the average as the floor (the autoscaler adds parallelism for the peak);
 * - streaming, scheduled N h/day: a day of ingress in N hours, at least the peak: max(peak, average × 24 ÷ N);
 * - batch: every source's backlog (ingress × retention) within the window of `costControl.hoursPerDay` hours.
 */
export function jobDemand(sources: readonly TopicPlan[], costControl: CostControl, mode: JobMode): JobDemand {
  const averageMBps = sources.reduce((sum, t) => sum + (t.workload?.ingressMBps ?? 0), 0);
  const peakMBps = sources.reduce((sum, t) => sum + (t.workload?.peakIngressMBps ?? 0), 0);
  const hoursPerDay = costControl.mode === 'scheduled' ? costControl.hoursPerDay : 24;
  if (mode.value === JobMode.BATCH.value) {
    const backlogMB = sources.reduce((sum, t) => sum + topicBacklogMB(t), 0);
    return { averageMBps, peakMBps, initialMBps: backlogMB / (hoursPerDay * 3600), hoursPerDay };
  }
  const initialMBps = costControl.mode === 'continuous' ? peakMBps
    : costControl.mode === 'autoscaled' ? averageMBps
      : Math.max(peakMBps, averageMBps * 24 / hoursPerDay);
  return { averageMBps, peakMBps, initialMBps, hoursPerDay };
}

/**
 * Flink's default key-group count for a maximum parallelism: ⌈1.5 × max⌉ rounded up to a power of two,
 * at least 128 and at most 32768. It is fixed for the life of the job's state, so it is derived from `max`, not
 * from the starting parallelism.
 */
export function keyGroupsFor(maxParallelism: number): number {
  const raw = 2 ** Math.ceil(Math.log2(ceilUnits(maxParallelism * 1.5)));
  return Math.min(SIZING_DEFAULTS.maxKeyGroups, Math.max(SIZING_DEFAULTS.minKeyGroups, raw));
}

/**
 * Parallelism of one job. Explicit values win; derived ones follow:
 *
 * - max = the largest source partition count (more source subtasks than partitions would idle; when that cannot
 *   carry the peak, `sizeCapacity` warns), capped by the environment's `sizing.maxParallelism`;
 * - initial = ⌈demand ÷ throughputPerSubtaskMBps⌉ (see {@link jobDemand}), at least 1, at most max.
 *
 * An explicit value above the partitions or the environment cap is kept and reported by `sizeCapacity`,
 * never silently changed.
 */
export function deriveJobParallelism(input: JobParallelismInput): ParallelismPlan {
  const costControl = input.costControl ?? CostControl.AUTOSCALED;
  const demand = jobDemand(input.sources, costControl, input.mode ?? JobMode.STREAMING);
  const cap = input.environment.sizing.maxParallelism ?? Number.MAX_SAFE_INTEGER;
  const largestSource = Math.max(1, ...input.sources.map((t) => t.partitions));
  const explicitInitial = input.explicit?.initial;
  const explicitMax = input.explicit?.max;
  const derivedMax = Math.min(cap, Math.max(largestSource, explicitInitial ?? 1));
  const max = explicitMax ?? derivedMax;
  const derivedInitial = Math.min(max, Math.max(1, ceilUnits(demand.initialMBps / input.throughputPerSubtaskMBps)));
  const initial = explicitInitial ?? derivedInitial;
  const source = explicitInitial !== undefined || explicitMax !== undefined ? 'explicit' : 'derived';
  return { initial, max, maxParallelism: keyGroupsFor(Math.max(initial, max)), source };
}
