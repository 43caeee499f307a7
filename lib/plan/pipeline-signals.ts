import { Duration } from 'aws-cdk-lib';
import { JobMode } from '../definition/job-options';
import { JobPlan, PipelinePlan, TopicPlan } from './pipeline-plan';

/** What a signal measures, independent of the flavor that renders it. */
export type SignalKind =
  | 'consumer-lag'
  | 'downtime'
  | 'checkpoint-failures'
  | 'checkpoint-duration'
  | 'backpressure'
  | 'broker-disk'
  // Emitted by no list yet (the kinds both renderers agree on, to be filled in):
  | 'records-in'
  | 'records-out'
  | 'busy-time'
  | 'restarts'
  | 'under-replicated-partitions'
  | 'cpu'
  | 'memory';

/** How the measured value is compared with the threshold. */
export type SignalComparison = 'greater-than' | 'greater-than-or-equal';

/**
 * One health signal of a pipeline: what to watch, on which job/topic, and when it is bad. Each flavor renders the
 * same list (CloudWatch alarms and a dashboard on the managed flavor).
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
  readonly threshold: number;
  readonly unit: 'records' | 'milliseconds' | 'count' | 'percent';
  readonly comparison: SignalComparison;
  /** Length of one evaluation period. */
  readonly period: Duration;
  /** Consecutive breaching periods before the signal is bad. */
  readonly evaluationPeriods: number;
  /**
   * Whether the signal pages (an alarm) or is only shown (a dashboard widget): per-task metrics and per-broker
   * metrics have no one series per job to alarm on.
   */
  readonly alarm: boolean;
}

/**
 * Minutes of the topic's planned peak traffic a partition may fall behind before the lag signal fires: long enough
 * to ride out a restart from a checkpoint, short enough to page before retention is at risk.
 */
export const LAG_MINUTES_OF_PEAK = 5;

/** Records a partition may fall behind when the topic has no planned workload. */
export const DEFAULT_MAX_OFFSET_LAG = 100_000;

/** Broker data-log disk use (percent) past which the cluster signal fires (MSK's guidance: act before 85%). */
export const BROKER_DISK_USED_PERCENT = 80;

/** Backpressure (ms per second) a task may show for the signal to fire: half of its time. */
export const BACKPRESSURE_MS_PER_SECOND = 500;

const ONE_MINUTE = Duration.minutes(1);

/**
 * The largest offset lag of one partition of `topic` that is still healthy: the records a partition receives in
 * {@link LAG_MINUTES_OF_PEAK} minutes at the planned peak ingress, or {@link DEFAULT_MAX_OFFSET_LAG} without a
 * planned workload.
 */
export function maxOffsetLagThreshold(topic: TopicPlan | undefined): number {
  const workload = topic?.workload;
  if (topic === undefined || workload === undefined || workload.recordSizeBytes <= 0 || topic.partitions <= 0) return DEFAULT_MAX_OFFSET_LAG;
  const recordsPerSecond = (workload.peakIngressMBps * 1_000_000) / workload.recordSizeBytes;
  return Math.max(1_000, Math.ceil((recordsPerSecond / topic.partitions) * LAG_MINUTES_OF_PEAK * 60));
}

function jobSignals(plan: PipelinePlan, job: JobPlan): PipelineSignal[] {
  const signals: PipelineSignal[] = [
    {
      id: `downtime:${job.name}`, kind: 'downtime', job: job.name,
      description: `Job ${job.name} is down (failing or restarting) for 5 minutes`,
      threshold: 0, unit: 'milliseconds', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 5, alarm: true,
    },
    {
      id: `backpressure:${job.name}`, kind: 'backpressure', job: job.name,
      description: `A task of job ${job.name} is back-pressured more than half of the time (shown, not paged)`,
      threshold: BACKPRESSURE_MS_PER_SECOND, unit: 'milliseconds', comparison: 'greater-than', period: ONE_MINUTE, evaluationPeriods: 15, alarm: false,
    },
  ];
  if (job.checkpointing.enabled) {
    signals.push(
      {
        id: `checkpoint-failures:${job.name}`, kind: 'checkpoint-failures', job: job.name,
        description: `A checkpoint of job ${job.name} failed (its sink commits nothing until one completes)`,
        threshold: 0, unit: 'count', comparison: 'greater-than', period: Duration.minutes(5), evaluationPeriods: 1, alarm: true,
      },
      {
        id: `checkpoint-duration:${job.name}`, kind: 'checkpoint-duration', job: job.name,
        description: `Checkpoints of job ${job.name} take more than half of their timeout (${job.checkpointing.timeout.toHumanString()})`,
        threshold: job.checkpointing.timeout.toMilliseconds() / 2, unit: 'milliseconds', comparison: 'greater-than',
        period: Duration.minutes(5), evaluationPeriods: 3, alarm: false,
      },
    );
  }
  for (const source of job.sources) {
    const topic = plan.topics.find((t) => t.name === source);
    const threshold = maxOffsetLagThreshold(topic);
    signals.push({
      id: `consumer-lag:${job.name}:${source}`, kind: 'consumer-lag', job: job.name, topic: source, consumerGroup: job.consumerGroupId,
      description: `Job ${job.name} (group ${job.consumerGroupId}) is more than ${threshold} records behind on a partition of ${source} for 15 minutes`,
      threshold, unit: 'records', comparison: 'greater-than', period: Duration.minutes(5), evaluationPeriods: 3, alarm: true,
    });
  }
  return signals;
}

/**
 * The pipeline's health signals with their default thresholds. Streaming jobs get downtime, checkpoint failures
 * and duration, backpressure and the consumer lag of each source topic; batch jobs run to completion on a schedule
 * and get none (a finished run is not downtime). The pipeline gets the broker disk use of its Kafka cluster.
 */
export function pipelineSignals(plan: PipelinePlan): PipelineSignal[] {
  const streaming = plan.jobs.filter((job) => job.mode.value === JobMode.STREAMING.value);
  return [
    ...streaming.flatMap((job) => jobSignals(plan, job)),
    {
      id: 'broker-disk:cluster', kind: 'broker-disk',
      description: `A broker of ${plan.names.kafkaCluster} has used more than ${BROKER_DISK_USED_PERCENT}% of its data-log disk (shown here; the platform owns the brokers)`,
      threshold: BROKER_DISK_USED_PERCENT, unit: 'percent', comparison: 'greater-than', period: Duration.minutes(5), evaluationPeriods: 3, alarm: false,
    },
  ];
}
