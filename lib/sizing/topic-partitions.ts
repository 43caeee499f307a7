import { TopicWorkload } from '../definition/kafka-options';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { PlannedWorkload } from '../plan/pipeline-plan';
import { ceilUnits } from './private/rounding';
import { SIZING_DEFAULTS } from './sizing-defaults';

/** Default peak ingress ÷ average ingress of a topic workload. */
export const DEFAULT_PEAK_FACTOR = 2;

/**
 * A topic's workload after the environment's `sizing.workloadScale`:
 * ingress = definition ingress × scale; peak = ingress × peakFactor (default 2);
 * consumer groups = the pipeline's jobs reading the topic + `extraConsumerGroups`.
 *
 * @param readers jobs of the pipeline that read the topic
 */
export function scaleWorkload(workload: TopicWorkload, environment: PipelineEnvironment, readers: number): PlannedWorkload {
  const ingressMBps = workload.ingressMBps * environment.sizing.workloadScale;
  return {
    ingressMBps,
    peakIngressMBps: ingressMBps * (workload.peakFactor ?? DEFAULT_PEAK_FACTOR),
    recordSizeBytes: workload.recordSizeBytes,
    consumerGroups: readers + (workload.extraConsumerGroups ?? 0),
  };
}

/** Optional inputs of {@link deriveTopicPartitions}. */
export interface TopicPartitionOptions {
  /**
   * Throughput one consumer (one Flink source subtask) reads from one partition, MB/s: the slowest
   * `throughputPerSubtaskMBps` of the jobs reading the topic.
   * @default - only the partition write throughput bounds the count
   */
  readonly consumerThroughputMBps?: number;
  /**
   * Produce throughput one partition sustains, MB/s.
   * @default SIZING_DEFAULTS.partitionWriteMBps (10)
   */
  readonly partitionWriteMBps?: number;
}

/**
 * Partitions of a topic without an explicit count.
 *
 * partitions = max(minPartitions, ⌈peak ÷ partitionWriteMBps⌉, ⌈peak ÷ consumerThroughputMBps⌉)
 *
 * Assumption: a partition is the unit of parallelism on both sides — one leader appends it, one source subtask reads
 * it — so the topic needs enough partitions for the slower side at peak (Kafka partition-count guidance:
 * max(t ÷ p, t ÷ c)). Partitions are sized for the peak because they cannot be reduced later and adding some remaps
 * keys to partitions. Without a workload, the environment's `sizing.minPartitions` (default 3).
 */
export function deriveTopicPartitions(workload: PlannedWorkload | undefined, environment: PipelineEnvironment, options: TopicPartitionOptions = {}): number {
  const minimum = environment.sizing.minPartitions;
  if (!workload) return minimum;
  const writeMBps = options.partitionWriteMBps ?? SIZING_DEFAULTS.partitionWriteMBps;
  const byWrite = ceilUnits(workload.peakIngressMBps / writeMBps);
  const byRead = options.consumerThroughputMBps ? ceilUnits(workload.peakIngressMBps / options.consumerThroughputMBps) : 0;
  return Math.max(minimum, byWrite, byRead);
}
