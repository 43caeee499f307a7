/**
 * How far a job's consumer group may fall behind on one partition of a source topic before the lag signal fires.
 * Give one of the two.
 */
export interface ConsumerLagThreshold {
  /**
   * Records one partition may be behind.
   * @default - derived from `maxMinutesOfPeak`
   */
  readonly maxRecords?: number;
  /**
   * Minutes of the topic's planned peak traffic one partition may be behind (the topic's `workload`); a topic
   * without a workload falls back to 100,000 records.
   * @default 5
   */
  readonly maxMinutesOfPeak?: number;
}

/**
 * Thresholds of a job's health signals (see `pipelineSignals`). Every field is optional: a missing one takes the
 * pipeline's value, then the documented default. A batch job (failed runs and restarts) takes `restartsPerHour` and
 * `alarms` only.
 */
export interface JobMonitoring {
  /**
   * Consumer lag per partition of each source topic.
   * @default { maxMinutesOfPeak: 5 }
   */
  readonly consumerLag?: ConsumerLagThreshold;
  /**
   * Failed checkpoints tolerated in 5 minutes before the checkpoint-failure alarm fires.
   * @default 0 (any failure pages: the Iceberg sink commits nothing until a checkpoint completes)
   */
  readonly checkpointFailures?: number;
  /**
   * Full restarts tolerated in an hour before the restart alarm fires.
   * @default 3
   */
  readonly restartsPerHour?: number;
  /**
   * Back-pressured time (ms per second) of the worst task shown as too high on the dashboard.
   * @default 500
   */
  readonly backpressureMsPerSecond?: number;
  /**
   * Busy time (ms per second) of the worst task shown as too high on the dashboard.
   * @default 800
   */
  readonly busyTimeMsPerSecond?: number;
  /**
   * CPU utilization (percent) of the job's busiest TaskManager shown as too high on the dashboard.
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * Heap memory utilization (percent) of the job's fullest TaskManager shown as too high on the dashboard.
   * @default 90
   */
  readonly memoryPercent?: number;
  /**
   * Whether the job's paging signals are alarms (notifying the pipeline's topic); `false` keeps them on the
   * dashboard only, e.g. in a development environment.
   * @default true
   */
  readonly alarms?: boolean;
}

/** Thresholds of a pipeline's health signals: the jobs' defaults (each job may override them) and the cluster's. */
export interface PipelineMonitoring extends JobMonitoring {
  /**
   * Broker data-log disk use (percent) shown as too high on the dashboard.
   * @default 80
   */
  readonly brokerDiskPercent?: number;
}
