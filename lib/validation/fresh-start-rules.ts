import { JobMode, StateMigration } from '../definition/job-options';
import { StartPosition } from '../definition/kafka-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath } from './paths';
import { ValidationProblem } from './validation-problem';

/**
 * A fresh start (`StateMigration.freshStart`) must not lose rows its tables already had coming (see
 * `freshStartPosition`): the consumer group's committed offsets can be ahead of the last Iceberg commit, because the
 * Kafka source commits offsets on checkpoint completion independently of the Iceberg committer, and a start without
 * state drops the committer's pending files. A job whose tables all have a primary key is safe (it replays from the
 * earliest retained offset and the replayed records replace their rows). Refused:
 * - `startPosition: StartPosition.LATEST`, which skips everything between the last commit and the start;
 * - a job writing an append table (no primary key) that leaves `startPosition` at the committed offsets: it has to
 *   choose between a primary key and an explicit earlier start that duplicates rows.
 */
export function jobFreshStartRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    if (job.stateMigration?.id !== StateMigration.freshStart('-').id) return;
    if ((job.mode ?? JobMode.STREAMING).value !== JobMode.STREAMING.value) return;
    const at = jobPath(i, job);
    const start = job.startPosition ?? StartPosition.GROUP_OFFSETS;
    if (start.mode === StartPosition.LATEST.mode) {
      problems.push({
        path: `${at}.startPosition`,
        message: `is ${start} on a job with a fresh start: records between its tables' last Iceberg commit and the start would be skipped`,
        fix: 'remove it (a job whose tables have primary keys then replays the retained log, idempotently), or give StartPosition.timestamp(<before the last commit>)',
      });
      return;
    }
    if (start.mode !== StartPosition.GROUP_OFFSETS.mode) return;
    const appends = job.sinks.filter((name) => (def.tables.find((t) => t.name === name)?.primaryKey ?? []).length === 0 && def.tables.some((t) => t.name === name));
    if (appends.length === 0) return;
    problems.push({
      path: `${at}.stateMigration`,
      message: `is ${job.stateMigration}, but table${appends.length > 1 ? 's' : ''} ${appends.map((n) => JSON.stringify(n)).join(', ')} ha${appends.length > 1 ? 've' : 's'} no primary key: resuming from the committed consumer-group offsets, which can be ahead of the last Iceberg commit, loses the rows in between`,
      fix: `give ${appends.length > 1 ? 'them primary keys' : 'it a primary key'} (a fresh start then replays the retained log and replayed records replace their rows), or set startPosition: StartPosition.timestamp(<safely before the last Iceberg commit>) and accept duplicate rows for the records between that instant and the commit`,
    });
  });
  return problems;
}
