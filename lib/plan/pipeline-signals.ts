import { Duration } from 'aws-cdk-lib';
import { JobMode } from '../definition/job-options';
import { JobPlan, PipelinePlan, TopicPlan } from './pipeline-plan';
import { DEFAULT_JOB_THRESHOLDS, DEFAULT_MAX_OFFSET_LAG, JobSignalThresholds, LAG_MINUTES_OF_PEAK } from './signal-thresholds';

/** What a signal measures, independent of the flavor that renders it. */
export type SignalKind =
  | 'consumer-lag'
  | 'downtime'
  | 'checkpoint-failures'
  | 'checkpoint-duration'
  | 'backpressure'
  | 'broker-disk'
  | 'records-in'
  | 'records-out'
  | 'busy-time'
  | 'restarts'
  | 'under-replicated-partitions'
  | 'cpu'
  | 'memory'
  | 'failed-runs';

/** How the measured value is compared with the threshold. */
export type SignalComparison = 'greater-than' | 'greater-than-or-equal';

/**
 * One health signal of a pipeline: what to watch, on which job/topic, and when it is bad (thresholds from the
 * definition's `monitoring`, see `planMonitoring`). Each flavor renders the same list (CloudWatch alarms and a
 * dashboard on the managed flavor).
 */
export interface PipelineSignal {
  /** Unique within the pipeline: `<kind>:<job>[:<topic>]` or `<kind>:cluster`. */
  readonly id: string;
  readonly kind: SignalKind;
  readonly description: string;
  /** The job the signal belongs to; undefined for the pipeline's Kafka cluster. */
  readonly job?: string;
  /** The consumer group (consumer lag). */
  readonly consumerGroup?: string;
  /** The topic (consumer lag). */
  readonly topic?: string;
  /** The value past which the signal is bad; undefined for a throughput signal that is only shown (records in/out). */
  readonly threshold?: number;
  readonly unit: 'records' | 'records-per-second' | 'milliseconds' | 'count' | 'percent';
  readonly comparison: SignalComparison;
  /** Length of one evaluation period. */
  readonly period: Duration;
  /** Consecutive breaching periods before the signal is bad. */
  readonly evaluationPeriods: number;
  /**
   * Whether the signal pages (an alarm) or is only shown (a dashboard widget): per-task metrics and per-broker
   * metrics have no one series per job to alarm on; a job whose `monitoring.alarms` is false pages nothing.
   */
  readonly alarm: boolean;
}

/** A signal with a threshold: every paging signal, and every shown one except throughput (records in/out). */
export type ThresholdSignal = PipelineSignal & { readonly threshold: number };

/** Whether a signal has a threshold to compare with (a type guard for renderers that draw or alert on it). */
export function hasThreshold(signal: PipelineSignal): signal is ThresholdSignal {
  return signal.threshold !== undefined;
}

/**
 * The consumer-lag signals of the plan (one per streaming job and source topic; each has a per-partition threshold in
 * records): what `lag` and `verify --load` judge on either flavor.
 */
export function consumerLagSignals(plan: PipelinePlan): ThresholdSignal[] {
  return pipelineSignals(plan).filter(hasThreshold).filter((s) => s.kind === 'consumer-lag');
}

export {
  BACKPRESSURE_MS_PER_SECOND, BROKER_DISK_USED_PERCENT, BUSY_TIME_MS_PER_SECOND, CHECKPOINT_FAILURES_TOLERATED, CPU_PERCENT,
  DEFAULT_MAX_OFFSET_LAG, LAG_MINUTES_OF_PEAK, MEMORY_PERCENT, RESTARTS_PER_HOUR,
} from './signal-thresholds';

/** Smallest lag threshold derived from minutes of peak traffic: below it a lag alarm fires on ordinary batching. */
export const MIN_DERIVED_OFFSET_LAG = 1_000;

/**
 * Under-replicated partitions are normal while one broker restarts (a rolling update or patch takes minutes per
 * broker); for 15 minutes (3 periods of 5) they are a broker that does not come back.
 */
export const UNDER_REPLICATED_PERIODS = 3;

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * The largest offset lag of one partition of `topic` that is still healthy: the records a partition receives in
 * `minutesOfPeak` minutes at the planned peak ingress (at least {@link MIN_DERIVED_OFFSET_LAG}), or
 * {@link DEFAULT_MAX_OFFSET_LAG} without a planned workload.
 */
export function maxOffsetLagThreshold(topic: TopicPlan | undefined, minutesOfPeak: number = LAG_MINUTES_OF_PEAK): number {
  const workload = topic?.workload;
  if (topic === undefined || workload === undefined || workload.recordSizeBytes <= 0 || topic.partitions <= 0) return DEFAULT_MAX_OFFSET_LAG;
  const recordsPerSecond = (workload.peakIngressMBps * 1_000_000) / workload.recordSizeBytes;
  return Math.max(MIN_DERIVED_OFFSET_LAG, Math.ceil((recordsPerSecond / topic.partitions) * minutesOfPeak * 60));
}

/** The thresholds the plan resolved for a job (the defaults for a job the plan's monitoring does not name). */
function thresholdsOf(plan: PipelinePlan, job: JobPlan): JobSignalThresholds {
  return plan.monitoring.jobs[job.name] ?? DEFAULT_JOB_THRESHOLDS;
}

/** Records in and out per second: what the job moves, shown without a threshold. */
function throughputSignals(job: JobPlan): PipelineSignal[] {
  return (['in', 'out'] as const).map((direction): PipelineSignal => ({
    id: `records-${direction}:${job.name}`, kind: `records-${direction}`, job: job.name,
    description: `Records job ${job.name} ${direction === 'in' ? 'reads' : 'emits'} per second (shown, no threshold)`,
    unit: 'records-per-second', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 1, alarm: false,
  }));
}

/** Busy time, CPU and heap: how close the job is to its capacity (shown, not paged: the lag alarm pages when it cannot keep up). */
function capacitySignals(job: JobPlan, t: JobSignalThresholds): PipelineSignal[] {
  return [
    {
      id: `busy-time:${job.name}`, kind: 'busy-time', job: job.name,
      description: `A task of job ${job.name} is busy more than ${t.busyTimeMsPerSecond} ms per second for 15 minutes (shown, not paged)`,
      threshold: t.busyTimeMsPerSecond, unit: 'milliseconds', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 15, alarm: false,
    },
    {
      id: `cpu:${job.name}`, kind: 'cpu', job: job.name,
      description: `A TaskManager of job ${job.name} uses more than ${t.cpuPercent}% CPU for 15 minutes (shown, not paged)`,
      threshold: t.cpuPercent, unit: 'percent', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 3, alarm: false,
    },
    {
      id: `memory:${job.name}`, kind: 'memory', job: job.name,
      description: `A TaskManager of job ${job.name} uses more than ${t.memoryPercent}% of its heap for 15 minutes (shown, not paged)`,
      threshold: t.memoryPercent, unit: 'percent', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 3, alarm: false,
    },
  ];
}

/** More restarts in an hour than tolerated: a crash loop, which the downtime signal misses when each attempt runs a while. */
function restartSignal(job: JobPlan, t: JobSignalThresholds): PipelineSignal {
  return {
    id: `restarts:${job.name}`, kind: 'restarts', job: job.name,
    description: `Job ${job.name} restarted more than ${t.restartsPerHour === 1 ? 'once' : `${t.restartsPerHour} times`} in an hour (a crash loop)`,
    threshold: t.restartsPerHour, unit: 'count', comparison: 'greater-than', period: Duration.hours(1), evaluationPeriods: 1, alarm: t.alarms,
  };
}

function jobSignals(plan: PipelinePlan, job: JobPlan): PipelineSignal[] {
  const t = thresholdsOf(plan, job);
  const signals: PipelineSignal[] = [
    ...throughputSignals(job),
    {
      id: `downtime:${job.name}`, kind: 'downtime', job: job.name,
      description: `Job ${job.name} is down (failing or restarting) for 5 minutes`,
      threshold: 0, unit: 'milliseconds', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 5, alarm: t.alarms,
    },
    restartSignal(job, t),
    {
      id: `backpressure:${job.name}`, kind: 'backpressure', job: job.name,
      description: `A task of job ${job.name} is back-pressured more than ${t.backpressureMsPerSecond} ms per second for 15 minutes (shown, not paged)`,
      threshold: t.backpressureMsPerSecond, unit: 'milliseconds', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 15, alarm: false,
    },
    ...capacitySignals(job, t),
  ];
  if (job.checkpointing.enabled) {
    signals.push(
      {
        id: `checkpoint-failures:${job.name}`, kind: 'checkpoint-failures', job: job.name,
        description: t.checkpointFailures === 0
          ? `A checkpoint of job ${job.name} failed (its sink commits nothing until one completes)`
          : `More than ${t.checkpointFailures} checkpoints of job ${job.name} failed in 5 minutes (its sink commits nothing until one completes)`,
        threshold: t.checkpointFailures, unit: 'count', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 1, alarm: t.alarms,
      },
      {
        id: `checkpoint-duration:${job.name}`, kind: 'checkpoint-duration', job: job.name,
        description: `Checkpoints of job ${job.name} take more than half of their timeout (${job.checkpointing.timeout.toHumanString()})`,
        threshold: job.checkpointing.timeout.toMilliseconds() / 2, unit: 'milliseconds', comparison: 'greater-than',
        period: FIVE_MINUTES, evaluationPeriods: 3, alarm: false,
      },
    );
  }
  for (const source of job.sources) {
    const topic = plan.topics.find((x) => x.name === source);
    const threshold = t.consumerLag.maxRecords ?? maxOffsetLagThreshold(topic, t.consumerLag.maxMinutesOfPeak);
    signals.push({
      id: `consumer-lag:${job.name}:${source}`, kind: 'consumer-lag', job: job.name, topic: source, consumerGroup: job.consumerGroupId,
      description: `Job ${job.name} (group ${job.consumerGroupId}) is more than ${threshold} records behind on a partition of ${source} for 15 minutes`,
      threshold, unit: 'records', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 3, alarm: t.alarms,
    });
  }
  return signals;
}

/**
 * A batch job's signals: a run that failed for good or did not reach FINISHED within its run window, and restarts during a run (Flink's default exponential-delay
 * restart strategy retries a failing run until its window ends rather than failing it). Its tables keep the previous
 * run's snapshot, so nothing else shows either until the next run. The other streaming signals do not apply: a
 * finished run is not downtime, and a bounded read has no lag to keep up with.
 */
function batchSignals(plan: PipelinePlan, job: JobPlan): PipelineSignal[] {
  const t = thresholdsOf(plan, job);
  return [
    {
      id: `failed-runs:${job.name}`, kind: 'failed-runs', job: job.name,
      description: `A run of batch job ${job.name} failed or did not finish within its run window (its tables keep the previous run's snapshot)`,
      threshold: 0, unit: 'count', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 1, alarm: t.alarms,
    },
    restartSignal(job, t),
  ];
}

/** The Kafka cluster's signals: shown on the pipeline's dashboard, paged by none (the platform owns the brokers, which many pipelines share). */
function clusterSignals(plan: PipelinePlan): PipelineSignal[] {
  const diskPercent = plan.monitoring.brokerDiskPercent;
  return [
    {
      id: 'broker-disk:cluster', kind: 'broker-disk',
      description: `A broker of ${plan.names.kafkaCluster} has used more than ${diskPercent}% of its data-log disk (shown here; the platform owns the brokers)`,
      threshold: diskPercent, unit: 'percent', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: 3, alarm: false,
    },
    {
      id: 'under-replicated-partitions:cluster', kind: 'under-replicated-partitions',
      description: `A broker of ${plan.names.kafkaCluster} has under-replicated partitions for 15 minutes (shown here; the platform owns the brokers)`,
      threshold: 0, unit: 'count', comparison: 'greater-than', period: FIVE_MINUTES, evaluationPeriods: UNDER_REPLICATED_PERIODS, alarm: false,
    },
  ];
}

/**
 * The pipeline's health signals, with the thresholds the plan resolved from the definition's `monitoring` (or the
 * defaults). Streaming jobs get records in/out, downtime, restarts, backpressure, busy time, CPU, heap, checkpoint
 * failures and duration, and the consumer lag of each source topic; batch jobs get failed runs and restarts. The pipeline
 * gets its Kafka cluster's broker disk use and under-replicated partitions. `alarm` says which ones page.
 */
export function pipelineSignals(plan: PipelinePlan): PipelineSignal[] {
  const streaming = (job: JobPlan) => job.mode.value === JobMode.STREAMING.value;
  return [
    ...plan.jobs.flatMap((job) => (streaming(job) ? jobSignals(plan, job) : batchSignals(plan, job))),
    ...clusterSignals(plan),
  ];
}
