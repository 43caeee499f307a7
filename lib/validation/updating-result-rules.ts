import { JobMode } from '../definition/job-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath, tablePath } from './paths';
import { updatingQuery } from './query-changelog';
import { ValidationProblem } from './validation-problem';

const WINDOW_FIX = 'or aggregate per window, which appends each window once: FROM TABLE(TUMBLE(TABLE <topic>, DESCRIPTOR(<event-time column>), INTERVAL …)) GROUP BY window_start, window_end, …';

/**
 * A streaming query whose result is updating (`updatingQuery`: a group aggregate, DISTINCT, an outer or anti join,
 * Top-N/deduplication, …) must write a table with a primary key: Iceberg's Flink sink then upserts by it (a `+U`
 * replaces the key's row, `-U` is skipped, `-D` deletes it). Without one, the sink's writer appends every changelog row
 * as data — each `-U` retraction and each superseded `+U` stays in the table as a row (duplicated counts, retractions
 * as data). When the query's own outermost `GROUP BY` lists plain columns that are columns of the table, the primary
 * key must be exactly those: a key missing a grouping column makes two groups overwrite each other, and a key with a
 * column the aggregate changes (say a count) leaves the old row behind when it changes.
 * Batch jobs write a bounded, final result and are not checked; nor are generated transforms (a plain SELECT).
 */
export function jobUpdatingResultRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    if ((job.mode ?? JobMode.STREAMING).value !== JobMode.STREAMING.value) return;
    for (const [sink, query] of Object.entries(job.transforms ?? {})) {
      const index = def.tables.findIndex((t) => t.name === sink);
      const table = def.tables[index];
      if (table === undefined) continue;
      const { reasons, groupKey } = updatingQuery(query, job.eventTime?.column);
      if (reasons.length === 0) continue;
      const at = `${jobPath(i, job)}.transforms.${sink}`;
      const key = table.primaryKey ?? [];
      const produces = `produces an updating result (${reasons.join('; ')})`;
      if (key.length === 0) {
        const suggested = groupKey !== undefined && groupKey.every((c) => table.columns.some((t) => t.name === c)) ? `primaryKey: [${groupKey.map((c) => `'${c}'`).join(', ')}]` : 'a primaryKey (the key of the result)';
        problems.push({
          path: at,
          message: `${produces}, but ${tablePath(index, table)} has no primary key: Iceberg appends the -U/+U changelog rows as ordinary rows (duplicated results, retractions written as data)`,
          fix: `give table ${JSON.stringify(sink)} ${suggested} so the sink upserts, ${WINDOW_FIX}`,
        });
        continue;
      }
      if (groupKey === undefined || !groupKey.every((c) => table.columns.some((t) => t.name === c))) continue;
      const same = groupKey.length === key.length && groupKey.every((c) => key.includes(c));
      if (!same) {
        problems.push({
          path: `${tablePath(index, table)}.primaryKey`,
          message: `is (${key.join(', ')}), but job ${JSON.stringify(job.name)} groups the rows of this table by (${groupKey.join(', ')}): an upsert by another key leaves stale rows or lets groups overwrite each other`,
          fix: `set primaryKey: [${groupKey.map((c) => `'${c}'`).join(', ')}]`,
        });
      }
    }
  });
  return problems;
}
