import { FlinkVersion } from '../../lib/definition/flink-version';
import { flinkStateConfiguration } from '../../lib/catalog/flink-state-configuration';
import { JobPlan } from '../../lib/plan/pipeline-plan';
import { JobSizing, PodResources } from '../../lib/sizing/sizing-plan';
import { flinkPrometheusReporterConfiguration } from './flink-metrics';
import { isAutoscaled } from '../../lib/plan/job-autoscaling';

/** Settings of the Flink autoscaler (`job.autoscaler.*`) that are not derived from the plan. */
export interface AutoscalerTuning {
  /** `job.autoscaler.metrics.window`. */
  readonly metricsWindow: string;
  /** `job.autoscaler.stabilization.interval`. */
  readonly stabilizationInterval: string;
  /** `job.autoscaler.utilization.target`. */
  readonly targetUtilization: string;
  /** `job.autoscaler.scale-down.interval`. */
  readonly scaleDownInterval: string;
  /** `job.autoscaler.catch-up.duration`. */
  readonly catchUpDuration: string;
}

/** The upstream defaults, written out so a reviewer sees what the autoscaler does. */
export const DEFAULT_AUTOSCALER_TUNING: AutoscalerTuning = {
  metricsWindow: '15 min',
  stabilizationInterval: '5 min',
  targetUtilization: '0.7',
  scaleDownInterval: '1 h',
  catchUpDuration: '30 min',
};

/** A Flink memory size in MiB: `2048m` (Flink reads `m` as mebibytes). */
export function flinkMemory(resources: PodResources): string {
  return `${resources.memoryMiB}m`;
}

/** CPU cores of a pod for `resource.cpu`. */
export function flinkCpu(resources: PodResources): number {
  return resources.cpuMillis / 1000;
}

/** What the configuration of one job is built from. */
export interface FlinkJobConfigurationInput {
  readonly flinkVersion: FlinkVersion;
  readonly job: JobPlan;
  readonly sizing: JobSizing['selfHosted'];
  /** `s3://<bucket>` of checkpoints, savepoints and HA metadata; may be a token. */
  readonly checkpointBucketUri: string;
  /** @default DEFAULT_AUTOSCALER_TUNING */
  readonly autoscaler?: AutoscalerTuning;
}

function joinUri(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

/** Whether the Flink autoscaler runs for a job (the plan's rule, shared with the CLI's dry runs). */
export { isAutoscaled };

/**
 * `spec.flinkConfiguration` of a job's FlinkDeployment:
 * - state: RocksDB, incremental checkpoints, checkpoint/savepoint directories with the keys of the Flink version
 *   (`flinkStateConfiguration` of the catalog), checkpoint interval/pause/timeout when checkpointing is on;
 * - slots per TaskManager and the key-group count (`pipeline.max-parallelism`, fixed for the life of the state);
 * - Flink's Prometheus reporter on every JobManager and TaskManager (`flinkPrometheusReporterConfiguration`);
 * - streaming jobs: Kubernetes HA on S3 (`ha/<job>/`, required by `last-state` upgrades and JobManager failover),
 *   periodic savepoints (an upgrade always has a recent one), and for autoscaled jobs the autoscaler between the
 *   plan's initial (floor) and max parallelism, with a CPU/memory quota of `maxTaskManagers` TaskManagers;
 * - batch jobs: no HA (each run is a fresh application that starts over if its JobManager fails), and the finished
 *   JobManager is removed after 10 minutes so its node can scale in.
 */
export function flinkJobConfiguration(input: FlinkJobConfigurationInput): Record<string, string> {
  const { job, sizing } = input;
  const config: Record<string, string> = {
    ...flinkStateConfiguration(input.flinkVersion, job.checkpointing, input.checkpointBucketUri),
    'taskmanager.numberOfTaskSlots': String(sizing.slotsPerTaskManager),
    'pipeline.max-parallelism': String(job.parallelism.maxParallelism),
    ...flinkPrometheusReporterConfiguration(),
  };
  if (job.mode.value === 'batch') {
    return { ...config, 'kubernetes.operator.jm-deployment.shutdown-ttl': '10 min' };
  }
  Object.assign(config, {
    'high-availability.type': 'kubernetes',
    'high-availability.storageDir': joinUri(input.checkpointBucketUri, `ha/${job.name}/`),
    'kubernetes.operator.periodic.savepoint.interval': '6 h',
    'kubernetes.operator.savepoint.history.max.count': '5',
  });
  if (!isAutoscaled(job)) return config;
  const tuning = input.autoscaler ?? DEFAULT_AUTOSCALER_TUNING;
  return {
    ...config,
    // In-place rescaling instead of a full restart on every decision.
    'jobmanager.scheduler': 'adaptive',
    'job.autoscaler.enabled': 'true',
    'job.autoscaler.vertex.min-parallelism': String(job.parallelism.initial),
    'job.autoscaler.vertex.max-parallelism': String(job.parallelism.max),
    'job.autoscaler.metrics.window': tuning.metricsWindow,
    'job.autoscaler.stabilization.interval': tuning.stabilizationInterval,
    'job.autoscaler.utilization.target': tuning.targetUtilization,
    'job.autoscaler.scale-down.interval': tuning.scaleDownInterval,
    'job.autoscaler.catch-up.duration': tuning.catchUpDuration,
    'job.autoscaler.quota.cpu': String(sizing.maxTaskManagers * flinkCpu(sizing.taskManager)),
    'job.autoscaler.quota.memory': `${sizing.maxTaskManagers * sizing.taskManager.memoryMiB}m`,
  };
}
