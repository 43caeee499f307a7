import { JobMode, StateMigration, WriteMode } from '../definition/job-options';
import { CleanupPolicy, StartPosition } from '../definition/kafka-options';
import { JobDefinition, PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath } from './paths';
import { ValidationProblem } from './validation-problem';

const INCREMENTAL_FIX = 'or set writeMode: WriteMode.INCREMENTAL (upserts: upstream deletes are not applied and every run writes an equality delete per key)';

function isBatch(job: JobDefinition): boolean {
  return job.mode?.value === JobMode.BATCH.value;
}

/**
 * A full replace (`WriteMode.REPLACE`, the batch default) is a batch job (Iceberg refuses an overwrite from an unbounded
 * stream) that reads whole compacted keyed topics from the earliest offset (a `delete` topic has lost what retention
 * dropped; the latest record per key needs a key) into unpartitioned tables (Iceberg's Flink overwrite replaces only the
 * partitions the run writes: a partition whose keys were all deleted upstream would keep its rows).
 */
export function jobReplaceRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const mode = job.writeMode ?? (isBatch(job) ? WriteMode.REPLACE : WriteMode.INCREMENTAL);
    if (mode.id !== WriteMode.REPLACE.id) return;
    const at = jobPath(i, job);
    if (!isBatch(job)) {
      problems.push({ path: `${at}.writeMode`, message: 'is replace on a streaming job (Iceberg overwrites only from a bounded batch job)', fix: 'remove it, or set mode: JobMode.BATCH' });
      return;
    }
    job.sources.forEach((name, j) => {
      const topic = def.topics.find((t) => t.name === name);
      if (topic === undefined) return;
      if (topic.cleanupPolicy?.value !== CleanupPolicy.COMPACT.value || (topic.key ?? []).length === 0) {
        problems.push({ path: `${at}.sources[${j}]`, message: `topic ${JSON.stringify(name)} is not compacted with a key, so a full replace would drop every key whose records retention deleted`, fix: `make the topic CleanupPolicy.COMPACT with a key, ${INCREMENTAL_FIX}` });
      }
    });
    job.sinks.forEach((name, j) => {
      const table = def.tables.find((t) => t.name === name);
      if (table === undefined || (table.partitionBy ?? []).length === 0) return;
      problems.push({ path: `${at}.sinks[${j}]`, message: `table ${JSON.stringify(name)} is partitioned (${(table.partitionBy ?? []).join(', ')}); a replace overwrites only the partitions a run writes, so a partition whose keys were all deleted would keep its rows`, fix: `leave the table unpartitioned, ${INCREMENTAL_FIX}` });
    });
    if (job.startPosition !== undefined && job.startPosition.mode !== StartPosition.EARLIEST.mode) {
      problems.push({ path: `${at}.startPosition`, message: `is ${job.startPosition}, but a full replace must read every live key`, fix: 'remove it (a replace reads from StartPosition.EARLIEST)' });
    }
  });
  return problems;
}

/**
 * The latest record per key of a full replace (`renderLatestPerKeyView`) is exact within a partition (log order) and
 * decided by record timestamps across partitions. A key reaches another partition when the topic's partition count
 * grows; a count derived by the sizing model (no `partitions`) changes silently with the workload or the environment's
 * scale, so a replace's own source topics must give `partitions`, making every change of it a reviewed one. Shared
 * topics are sized by their owner.
 */
export function jobReplaceSourcePartitionsRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const mode = job.writeMode ?? (isBatch(job) ? WriteMode.REPLACE : WriteMode.INCREMENTAL);
    if (mode.id !== WriteMode.REPLACE.id || !isBatch(job)) return;
    job.sources.forEach((name, j) => {
      const topic = def.topics.find((t) => t.name === name);
      // Without a workload (topicPartitionsRule) or a compacted key (jobReplaceRule) the definition is refused already.
      if (topic === undefined || topic.sharedFrom !== undefined || topic.partitions !== undefined || topic.workload === undefined) return;
      if (topic.cleanupPolicy?.value !== CleanupPolicy.COMPACT.value || (topic.key ?? []).length === 0) return;
      problems.push({
        path: `${jobPath(i, job)}.sources[${j}]`,
        message: `topic ${JSON.stringify(name)} has no partitions, so its partition count follows its workload; a count that grows moves keys to other partitions, where only record timestamps (not offsets) tell a key's latest record`,
        fix: `give topic ${JSON.stringify(name)} partitions, so that the count changes only in a reviewed change, ${INCREMENTAL_FIX}`,
      });
    });
  });
  return problems;
}

/** A fresh start says why; batch jobs have no state to migrate. */
export function jobStateMigrationRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const migration = job.stateMigration;
    if (migration === undefined || migration.id !== StateMigration.freshStart('').id) return;
    const at = `${jobPath(i, job)}.stateMigration`;
    if (isBatch(job)) problems.push({ path: at, message: 'is a fresh start on a batch job, which starts without state on every run', fix: 'remove it' });
    else if (migration.reason.trim() === '') problems.push({ path: at, message: 'is a fresh start without a reason', fix: "say why the state may be dropped, e.g. StateMigration.freshStart('new column, offsets are enough')" });
  });
  return problems;
}
