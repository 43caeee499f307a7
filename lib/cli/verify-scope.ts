import { JobMode } from '../definition/job-options';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan, TablePlan, TopicPlan } from '../plan/pipeline-plan';
import { OperationError } from './operations';

/** An Iceberg table `verify` counts: its physical Glue name and the streaming jobs that write it from produced topics. */
export interface VerifiedTable {
  readonly table: TablePlan;
  /** Physical Glue database (`plan.names.glueDatabase(logical, flavor)`). */
  readonly glueDatabase: string;
  readonly jobs: readonly JobPlan[];
  /**
   * Whether the run's records map one to one onto rows: the inserts into the table are plain projections or filters.
   * When a query aggregates, joins or windows (`GROUP BY`, `JOIN`, `OVER`, window functions) any new row counts.
   */
  readonly oneRowPerRecord: boolean;
}

/** What `verify` produces to and counts. */
export interface VerifyScope {
  /** Source topics produced to: topics a streaming job of the pipeline reads and the pipeline owns. */
  readonly topics: readonly TopicPlan[];
  /** One line per source topic left alone, with the reason. */
  readonly skipped: readonly string[];
  readonly tables: readonly VerifiedTable[];
  /** One line per table a streaming job writes from a produced topic that is not counted, with the reason. */
  readonly notCounted: readonly string[];
}

/** Words of a query whose output rows do not follow its input records one to one. */
const RESHAPING = /\b(GROUP\s+BY|JOIN|OVER|TUMBLE|HOP|CUMULATE|SESSION|DISTINCT|UNION)\b/i;

/** Whether the job's insert into a table passes records through one to one (a projection, maybe a filter). */
function passesThrough(job: JobPlan, table: string): boolean {
  return job.inserts.filter((i) => i.sinkTable === table).every((i) => i.generated || !RESHAPING.test(i.query));
}

function isStreaming(job: JobPlan): boolean {
  return job.mode.value === JobMode.STREAMING.value;
}

function batchReason(readers: readonly JobPlan[]): string {
  const jobs = readers.map((j) => `${j.name}${j.schedule !== undefined ? ` (cron ${j.schedule.expression})` : ''}`).join(', ');
  return `read only by batch job${readers.length > 1 ? 's' : ''} ${jobs}: its tables fill at the next run, not waited for`;
}

/**
 * The pipeline's inputs as `verify` sees them. A topic is produced to when a streaming job reads it and the pipeline
 * owns it; a shared input (another pipeline owns it) is left alone, since its records would reach that pipeline's
 * tables too, and so is a topic only batch jobs read (their tables change at the next scheduled run, not within the
 * wait). The tables are the sinks of the streaming jobs that read a produced topic.
 */
export function verifyScope(plan: PipelinePlan, flavor: Flavor): VerifyScope {
  const topics: TopicPlan[] = [];
  const skipped: string[] = [];
  for (const topic of plan.topics) {
    const readers = plan.jobs.filter((j) => j.sources.includes(topic.name));
    if (readers.length === 0) continue;
    if (topic.owner !== undefined) skipped.push(`topic ${topic.name}: a shared input owned by pipeline ${topic.owner}; its records would reach that pipeline's tables too (verify ${topic.owner} instead)`);
    else if (!readers.some(isStreaming)) skipped.push(`topic ${topic.name}: ${batchReason(readers)}`);
    else topics.push(topic);
  }
  if (topics.length === 0) {
    const why = skipped.length === 0 ? 'no job reads a topic' : skipped.join('; ');
    throw new OperationError(`pipeline ${plan.pipelineName} has no source topic verify can produce to (${why}): nothing to verify`);
  }
  const produced = new Set(topics.map((t) => t.name));
  const tables = new Map<string, { table: TablePlan; glueDatabase: string; jobs: JobPlan[]; oneRowPerRecord: boolean }>();
  const notCounted: string[] = [];
  for (const job of plan.jobs.filter((j) => isStreaming(j) && j.sources.some((s) => produced.has(s)))) {
    const missing = job.sources.filter((s) => !produced.has(s));
    for (const sink of job.sinks) {
      const table = plan.lakehouse.tables.find((t) => t.name === sink);
      if (table === undefined) continue;
      const glueDatabase = plan.names.glueDatabase(table.database, flavor);
      const key = `${glueDatabase}.${table.name}`;
      if (missing.length > 0) {
        notCounted.push(`table ${key}: ${job.name} also reads ${missing.join(', ')}, which verify does not produce to`);
        continue;
      }
      const entry = tables.get(key) ?? { table, glueDatabase, jobs: [], oneRowPerRecord: true };
      entry.jobs.push(job);
      entry.oneRowPerRecord = entry.oneRowPerRecord && passesThrough(job, sink);
      tables.set(key, entry);
    }
  }
  if (tables.size === 0) {
    throw new OperationError(`pipeline ${plan.pipelineName} has no table verify can count (${notCounted.join('; ') || 'its streaming jobs write no table'}): nothing to verify`);
  }
  return { topics, skipped, tables: [...tables.values()], notCounted };
}

/** Records the run must add to a table: all of them when they pass through one to one, else any new row. */
export function expectedRows(table: VerifiedTable, records: number): number {
  return table.oneRowPerRecord ? records : 1;
}

/** `<database>.<table>` as Glue names it. */
export function tableName(table: VerifiedTable): string {
  return `${table.glueDatabase}.${table.table.name}`;
}
