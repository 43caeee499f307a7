// Placeholder written by the lead for the plan resolver; the sizing model of issue 6 replaces this file.
import { ParallelismDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { ParallelismPlan, TopicPlan } from '../plan/pipeline-plan';

/** Inputs of the parallelism derivation of one job. */
export interface JobParallelismInput {
  readonly sources: readonly TopicPlan[];
  readonly throughputPerSubtaskMBps: number;
  readonly explicit?: ParallelismDefinition;
  readonly environment: PipelineEnvironment;
}

/** initial = peak ingress ÷ throughput per subtask; max = largest source partition count; key groups ≥ 128. */
export function deriveJobParallelism(input: JobParallelismInput): ParallelismPlan {
  const peak = input.sources.reduce((sum, t) => sum + (t.workload?.peakIngressMBps ?? 0), 0);
  const maxPartitions = Math.max(1, ...input.sources.map((t) => t.partitions));
  const initial = input.explicit?.initial ?? Math.max(1, Math.ceil(peak / input.throughputPerSubtaskMBps));
  const max = input.explicit?.max ?? Math.max(initial, maxPartitions);
  const maxParallelism = Math.max(128, 2 ** Math.ceil(Math.log2(Math.ceil(max * 1.5))));
  const source = input.explicit?.initial !== undefined || input.explicit?.max !== undefined ? 'explicit' : 'derived';
  return { initial, max, maxParallelism, source };
}
