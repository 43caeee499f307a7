import { JobMonitoring } from '../definition/monitoring-options';
import { PipelineDefinition } from '../definition/pipeline-definition';

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

/**
 * Busy time (ms per second) a task may show for the signal to fire: a task busy 80% of the time has no headroom
 * left for a catch-up after a restart or a traffic peak, so it is the operator to scale before backpressure shows.
 */
export const BUSY_TIME_MS_PER_SECOND = 800;

/** Failed checkpoints tolerated in one 5-minute period: none, since the Iceberg sink commits nothing until one completes. */
export const CHECKPOINT_FAILURES_TOLERATED = 0;

/**
 * Full restarts tolerated in an hour: a broker failover or a transient sink error costs one or two; more is a crash
 * loop (MSF's exponential-delay restart strategy retries about every minute at most), which the downtime alarm can
 * miss when each attempt runs a little while.
 */
export const RESTARTS_PER_HOUR = 3;

/**
 * CPU utilization (percent) of the busiest TaskManager shown as too high: MSF autoscaling adds capacity at 75% for
 * 15 minutes, so a job above 80% for that long is at its maximum parallelism or not autoscaled.
 */
export const CPU_PERCENT = 80;

/**
 * Heap utilization (percent) of the fullest TaskManager shown as too high: the heap runs high between collections,
 * but above 90% for 15 minutes the JVM is close to out-of-memory restarts (which the restart alarm pages).
 */
export const MEMORY_PERCENT = 90;

/** The thresholds of one job's signals, every default applied. */
export interface JobSignalThresholds {
  /**
   * Consumer lag per partition: a fixed number of records, or minutes of each source topic's planned peak.
   * `maxRecords` wins when both are known (validation allows only one in a definition).
   */
  readonly consumerLag: { readonly maxRecords?: number; readonly maxMinutesOfPeak: number };
  readonly checkpointFailures: number;
  readonly restartsPerHour: number;
  readonly backpressureMsPerSecond: number;
  readonly busyTimeMsPerSecond: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  /** Whether the job's paging signals page (alarms) or are only shown. */
  readonly alarms: boolean;
}

/** The thresholds of a pipeline's signals, resolved once from its definition (`monitoring` of the pipeline and jobs). */
export interface MonitoringPlan {
  /** Broker data-log disk use (percent) shown as too high. */
  readonly brokerDiskPercent: number;
  /** Per job name: the job's thresholds (its own `monitoring` over the pipeline's over the defaults). */
  readonly jobs: Readonly<Record<string, JobSignalThresholds>>;
}

/** The thresholds of the defaults alone (a job without any `monitoring`). */
export const DEFAULT_JOB_THRESHOLDS: JobSignalThresholds = {
  consumerLag: { maxMinutesOfPeak: LAG_MINUTES_OF_PEAK },
  checkpointFailures: CHECKPOINT_FAILURES_TOLERATED,
  restartsPerHour: RESTARTS_PER_HOUR,
  backpressureMsPerSecond: BACKPRESSURE_MS_PER_SECOND,
  busyTimeMsPerSecond: BUSY_TIME_MS_PER_SECOND,
  cpuPercent: CPU_PERCENT,
  memoryPercent: MEMORY_PERCENT,
  alarms: true,
};

/** `over` applied on `base`: each field `over` gives replaces the base's (a lag threshold as a whole). */
function applyMonitoring(base: JobSignalThresholds, over: JobMonitoring | undefined): JobSignalThresholds {
  if (over === undefined) return base;
  const lag = over.consumerLag;
  return {
    consumerLag: lag === undefined || (lag.maxRecords === undefined && lag.maxMinutesOfPeak === undefined)
      ? base.consumerLag
      : { maxRecords: lag.maxRecords, maxMinutesOfPeak: lag.maxMinutesOfPeak ?? LAG_MINUTES_OF_PEAK },
    checkpointFailures: over.checkpointFailures ?? base.checkpointFailures,
    restartsPerHour: over.restartsPerHour ?? base.restartsPerHour,
    backpressureMsPerSecond: over.backpressureMsPerSecond ?? base.backpressureMsPerSecond,
    busyTimeMsPerSecond: over.busyTimeMsPerSecond ?? base.busyTimeMsPerSecond,
    cpuPercent: over.cpuPercent ?? base.cpuPercent,
    memoryPercent: over.memoryPercent ?? base.memoryPercent,
    alarms: over.alarms ?? base.alarms,
  };
}

/** The thresholds of a (validated) definition's signals: each job's `monitoring` over the pipeline's over the defaults. */
export function planMonitoring(definition: PipelineDefinition): MonitoringPlan {
  const pipeline = applyMonitoring(DEFAULT_JOB_THRESHOLDS, definition.monitoring);
  return {
    brokerDiskPercent: definition.monitoring?.brokerDiskPercent ?? BROKER_DISK_USED_PERCENT,
    jobs: Object.fromEntries(definition.jobs.map((job) => [job.name, applyMonitoring(pipeline, job.monitoring)])),
  };
}
