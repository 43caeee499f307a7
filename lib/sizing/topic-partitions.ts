// Placeholder written by the lead for the plan resolver; the sizing model of issue 6 replaces this file.
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { PlannedWorkload } from '../plan/pipeline-plan';

/** Partitions for a topic without an explicit count: peak ingress ÷ 5 MB/s per partition, at least the env minimum. */
export function deriveTopicPartitions(workload: PlannedWorkload | undefined, environment: PipelineEnvironment): number {
  const byThroughput = workload ? Math.ceil(workload.peakIngressMBps / 5) : 0;
  return Math.max(environment.sizing.minPartitions, byThroughput);
}
