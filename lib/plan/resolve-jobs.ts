import { Duration } from 'aws-cdk-lib';
import { CostControl, JobMode, StateMigration, WriteMode } from '../definition/job-options';
import { StartPosition } from '../definition/kafka-options';
import { JobDefinition, PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { deriveJobParallelism } from '../sizing/job-parallelism';
import { CheckpointPlan, InsertPlan, JobPlan, TablePlan, TopicPlan } from './pipeline-plan';
import { DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS } from '../sizing/sizing-defaults';

/** Default throughput of one parallel instance (MB/s) when a job does not say (defined with the sizing model's constants). */
export { DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS };
/** Default checkpoint interval: Iceberg commits once per checkpoint, so this is also the data freshness. */
export const DEFAULT_CHECKPOINT_INTERVAL = Duration.minutes(1);
/**
 * Default checkpoint (= commit) interval of a job that writes an upsert table: each commit adds a snapshot with
 * equality-delete files, which readers must merge until compaction rewrites them; 3 min (480 commits a day instead of
 * 1,440) keeps that debt and the snapshot count small at a freshness upserts usually tolerate.
 */
export const DEFAULT_UPSERT_COMMIT_INTERVAL = Duration.minutes(3);
/** Default hours a day a batch job is assumed to run, for pricing, when its costControl does not say. */
export const DEFAULT_BATCH_HOURS_PER_DAY = 1;

function quote(identifier: string): string {
  return `\`${identifier.replace(/`/g, '``')}\``;
}

/** `SELECT <sink columns> FROM <the only source>`, for sinks without a transform (validation checked the columns). */
function planInserts(job: JobDefinition, tables: readonly TablePlan[]): InsertPlan[] {
  return job.sinks.map((sinkTable) => {
    const transforms = job.transforms ?? {};
    const query = Object.prototype.hasOwnProperty.call(transforms, sinkTable) ? transforms[sinkTable] : undefined;
    if (query !== undefined) return { sinkTable, query: query.trim(), generated: false };
    const table = tables.find((t) => t.name === sinkTable);
    const columns = (table?.columns ?? []).map((c) => quote(c.name)).join(', ');
    return { sinkTable, query: `SELECT ${columns} FROM ${quote(job.sources[0])}`, generated: true };
  });
}

/** The job's checkpoint interval, which is its Iceberg commit interval, and where it comes from. */
function commitInterval(job: JobDefinition, tables: readonly TablePlan[]): Pick<CheckpointPlan, 'interval' | 'intervalSource'> {
  if (job.checkpointInterval !== undefined) return { interval: job.checkpointInterval, intervalSource: 'explicit' };
  const upserts = tables.some((t) => job.sinks.includes(t.name) && t.primaryKey.length > 0);
  return upserts
    ? { interval: DEFAULT_UPSERT_COMMIT_INTERVAL, intervalSource: 'upsert-default' }
    : { interval: DEFAULT_CHECKPOINT_INTERVAL, intervalSource: 'default' };
}

function planCheckpointing(job: JobDefinition, batch: boolean, tables: readonly TablePlan[]): CheckpointPlan {
  const { interval, intervalSource } = commitInterval(job, tables);
  return {
    enabled: !batch,
    interval,
    intervalSource,
    minPause: Duration.millis(Math.floor(interval.toMilliseconds() / 2)),
    // Twice the interval, at least 10 minutes, in whole milliseconds (a fractional minute count cannot be converted).
    timeout: Duration.millis(Math.max(600_000, interval.toMilliseconds() * 2)),
    mode: 'EXACTLY_ONCE',
    incremental: true,
    retained: 3,
    checkpointPrefix: `checkpoints/${job.name}/`,
    savepointPrefix: `savepoints/${job.name}/`,
  };
}

/** Resolves every job: defaults, inserts, parallelism, checkpointing and upgrade policy. */
export function planJobs(definition: PipelineDefinition, environment: PipelineEnvironment, topics: readonly TopicPlan[], tables: readonly TablePlan[]): JobPlan[] {
  return definition.jobs.map((job) => {
    const mode = job.mode ?? JobMode.STREAMING;
    const batch = mode.value === JobMode.BATCH.value;
    const writeMode = job.writeMode ?? (batch ? WriteMode.REPLACE : WriteMode.INCREMENTAL);
    const replace = writeMode.id === WriteMode.REPLACE.id;
    const throughputPerSubtaskMBps = job.throughputPerSubtaskMBps ?? DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS;
    const sources = topics.filter((t) => job.sources.includes(t.name));
    const costControl = job.costControl ?? (batch ? CostControl.scheduledWindow(DEFAULT_BATCH_HOURS_PER_DAY) : CostControl.AUTOSCALED);
    return {
      name: job.name,
      mode,
      sources: [...job.sources],
      sinks: [...job.sinks],
      inserts: planInserts(job, tables),
      writeMode,
      stateMigration: job.stateMigration ?? StateMigration.RESTORE,
      eventTime: job.eventTime && {
        column: job.eventTime.column,
        maxOutOfOrderness: job.eventTime.maxOutOfOrderness,
        idleTimeout: job.eventTime.idleTimeout ?? Duration.minutes(1),
      },
      // A full replace must read every live key: from the earliest offset (validation refuses any other start).
      startPosition: job.startPosition ?? (replace ? StartPosition.EARLIEST : StartPosition.GROUP_OFFSETS),
      boundedRead: job.boundedRead,
      schedule: job.schedule,
      parallelism: deriveJobParallelism({ sources, throughputPerSubtaskMBps, explicit: job.parallelism, environment, costControl, mode }),
      throughputPerSubtaskMBps,
      checkpointing: planCheckpointing(job, batch, tables),
      stateTtl: job.stateTtl,
      // Streaming jobs hold Kafka offsets (and join/upsert state): an upgrade takes a savepoint and restores it.
      upgradeMode: 'savepoint',
      consumerGroupId: job.consumerGroupId ?? `${definition.name}.${job.name}`,
      costControl,
    };
  });
}
