import { Duration } from 'aws-cdk-lib';
import { FlinkVersion } from '../definition/flink-version';
import { CheckpointPlan } from '../plan/pipeline-plan';

/** The Flink configuration keys of checkpoint and savepoint storage, which were renamed in Flink 1.20. */
export interface FlinkStateKeys {
  readonly incremental: string;
  readonly checkpointDir: string;
  readonly savepointDir: string;
  readonly retained: string;
}

const KEYS_UP_TO_1_19: FlinkStateKeys = {
  incremental: 'state.backend.incremental',
  checkpointDir: 'state.checkpoints.dir',
  savepointDir: 'state.savepoints.dir',
  retained: 'state.checkpoints.num-retained',
};

const KEYS_FROM_1_20: FlinkStateKeys = {
  incremental: 'execution.checkpointing.incremental',
  checkpointDir: 'execution.checkpointing.dir',
  savepointDir: 'execution.checkpointing.savepoint-dir',
  retained: 'execution.checkpointing.num-retained',
};

/** The state keys of a Flink version: `state.*` up to 1.19, `execution.checkpointing.*` from 1.20. */
export function flinkStateKeys(version: FlinkVersion): FlinkStateKeys {
  return version.compareTo(FlinkVersion.V1_20) >= 0 ? KEYS_FROM_1_20 : KEYS_UP_TO_1_19;
}

/** A Flink duration value: `60 s`, or `1500 ms` when not whole seconds. */
export function flinkDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function joinUri(base: string, prefix: string): string {
  return `${base.replace(/\/+$/, '')}/${prefix.replace(/^\/+/, '').replace(/\/+$/, '')}`;
}

/**
 * The version-correct state configuration of a job (for `FlinkDeployment.spec.flinkConfiguration`): RocksDB,
 * incremental checkpoints, checkpoint and savepoint directories under the checkpoint bucket, retained checkpoints
 * (kept on cancellation, so an upgrade can always restore), and the checkpoint interval, pause, timeout and mode when
 * checkpointing is enabled. The managed flavor configures the same through the MSF application instead.
 *
 * @param checkpointBucketUri `s3://<bucket>`, may be a CDK token
 */
export function flinkStateConfiguration(version: FlinkVersion, checkpointing: CheckpointPlan, checkpointBucketUri: string): Record<string, string> {
  const keys = flinkStateKeys(version);
  const config: Record<string, string> = {
    'state.backend.type': 'rocksdb',
    [keys.incremental]: String(checkpointing.incremental),
    [keys.checkpointDir]: joinUri(checkpointBucketUri, checkpointing.checkpointPrefix),
    [keys.savepointDir]: joinUri(checkpointBucketUri, checkpointing.savepointPrefix),
    [keys.retained]: String(checkpointing.retained),
  };
  if (!checkpointing.enabled) return config;
  return {
    ...config,
    'execution.checkpointing.interval': flinkDuration(checkpointing.interval),
    'execution.checkpointing.min-pause': flinkDuration(checkpointing.minPause),
    'execution.checkpointing.timeout': flinkDuration(checkpointing.timeout),
    'execution.checkpointing.mode': checkpointing.mode,
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
  };
}
