import { StartPosition } from '../definition/kafka-options';
import { JobPlan, TablePlan } from './pipeline-plan';

/** Where a streaming job started without its state reads its sources, and that in words for the deploy's warning. */
export interface FreshStartPosition {
  readonly position: StartPosition;
  /** E.g. `from the earliest retained offset (…)`, completing "the deploy starts it without state …". */
  readonly description: string;
}

/**
 * Where a fresh start (`upgradeMode: stateless`, MSF `SKIP_RESTORE_FROM_SNAPSHOT`) reads. Kafka offsets and Iceberg
 * commits are not one transaction: the Kafka source commits its offsets when a checkpoint completes, independently of
 * the Iceberg committer, which commits that checkpoint's files in the same notification (or, after a failed commit,
 * with a later checkpoint, from its state). A job restored from its state recommits what is pending; a job started
 * without state drops it, while the consumer group's committed offsets may already be past it. So resuming from the
 * committed offsets can lose the rows of the last checkpoint(s) before the stop — and duplicate them when the offset
 * commit (best effort) was the one that failed.
 * - The job's own `startPosition` when it is `EARLIEST` or a timestamp: the definition chose where a start without
 *   state begins (a timestamp safely before the sinks' last Iceberg commit bounds the replay).
 * - Every sink upserts (has a primary key): `EARLIEST`, the whole retained log. Replayed records replace their rows
 *   (equality deletes by key), so nothing is lost within the topics' retention and nothing is duplicated; the cost is
 *   re-reading the retention. An aggregate is rebuilt from the records Kafka still holds, so a group whose early
 *   inputs retention already dropped gets a result over the retained ones only (resuming from the offsets would
 *   restart it from nothing instead).
 * - A sink appends (no primary key): no start position is exact — any earlier start duplicates rows, the committed
 *   offsets can lose some. The plan keeps the job's start position and says so; `jobFreshStartRule` refuses a
 *   definition that asks for a fresh start of such a job without choosing `startPosition` explicitly.
 */
export function freshStartPosition(job: JobPlan, tables: readonly TablePlan[]): FreshStartPosition {
  const start = job.startPosition;
  if (start.mode === StartPosition.EARLIEST.mode || start.at !== undefined) {
    return { position: start, description: `from its start position ${start} (the job's startPosition)` };
  }
  if (start.mode === StartPosition.LATEST.mode) {
    return { position: start, description: 'from the latest offsets (records between the last Iceberg commit and the start are skipped)' };
  }
  const appends = tables.filter((t) => job.sinks.includes(t.name) && t.primaryKey.length === 0).map((t) => t.name);
  if (appends.length === 0) {
    return { position: StartPosition.EARLIEST, description: 'from the earliest retained offsets (its tables upsert by primary key, so replayed records replace their rows)' };
  }
  return {
    position: start,
    description: `from its committed consumer-group offsets, which can be ahead of the last Iceberg commit of ${appends.join(', ')} (no primary key): rows of the last checkpoint before the stop can be lost, or duplicated`,
  };
}
