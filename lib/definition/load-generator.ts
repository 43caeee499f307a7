/**
 * A load generator of a pipeline: a Flink job that writes synthetic records, generated from each topic's columns, to
 * the pipeline's source topics at a fixed rate (Flink SQL `datagen` → the topic's Kafka table, through the same SQL
 * runner as the other jobs). It is deployed stopped and costs nothing until `pipelines verify --load` starts it.
 */
export interface LoadGeneratorDefinition {
  /**
   * Total rate it writes, MB/s (10^6 bytes per second) over all its topics, shared in proportion to their planned
   * peak ingress (equally when no topic has a workload). `pipelines verify --load` runs it at this rate only: the rate
   * is part of the deployed SQL.
   * @default - the sum of its topics' planned peak ingress (workload × peakFactor × the environment's workload scale)
   */
  readonly mbPerSecond?: number;
  /**
   * Topics it writes: topics this pipeline owns that its jobs read.
   * @default - every topic this pipeline owns that a job reads
   */
  readonly topics?: string[];
}

/** The name of the load generator's job (MSF application `<pipeline>-<env>-load-generator`, FlinkDeployment `load-generator`). */
export const LOAD_GENERATOR_JOB_NAME = 'load-generator';

/** The highest rate a load generator may be given, MB/s: above it, a typo (MB vs KB) would buy a large cluster. */
export const LOAD_GENERATOR_MAX_MBPS = 1000;
