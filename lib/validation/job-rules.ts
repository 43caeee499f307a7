import { Duration, Token } from 'aws-cdk-lib';
import { JobDefinition, PipelineDefinition } from '../definition/pipeline-definition';
import { parseCron } from '../definition/cron-fields';
import { jobPath, listNames } from './paths';
import { quotedIdentifiers, sqlCode } from './transform-rules';
import { ValidationProblem } from './validation-problem';

/** Sources name defined topics, sinks name defined tables; at least one of each, none twice. */
export function jobReferencesRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const topics = def.topics.map((t) => t.name);
  const tables = def.tables.map((t) => t.name);
  def.jobs.forEach((job, i) => {
    const at = jobPath(i, job);
    if (job.sources.length === 0) problems.push({ path: `${at}.sources`, message: 'is empty', fix: `name at least one topic; known topics: ${listNames(topics)}` });
    if (job.sinks.length === 0) problems.push({ path: `${at}.sinks`, message: 'is empty', fix: `name at least one table; known tables: ${listNames(tables)}` });
    job.sources.forEach((s, j) => {
      if (!topics.includes(s)) problems.push({ path: `${at}.sources[${j}]`, message: `unknown topic ${JSON.stringify(s)}; known topics: ${listNames(topics)}`, fix: 'name a topic of the pipeline' });
      else if (job.sources.indexOf(s) !== j) problems.push({ path: `${at}.sources[${j}]`, message: `topic ${JSON.stringify(s)} is listed twice`, fix: 'list each source once' });
    });
    job.sinks.forEach((s, j) => {
      if (!tables.includes(s)) problems.push({ path: `${at}.sinks[${j}]`, message: `unknown table ${JSON.stringify(s)}; known tables: ${listNames(tables)}`, fix: 'name a table of the pipeline' });
      else if (job.sinks.indexOf(s) !== j) problems.push({ path: `${at}.sinks[${j}]`, message: `table ${JSON.stringify(s)} is listed twice`, fix: 'list each sink once' });
    });
  });
  return problems;
}

/** Parallelism bounds are whole numbers with 1 ≤ initial ≤ max. */
export function jobParallelismRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const p = job.parallelism;
    if (!p) return;
    const at = `${jobPath(i, job)}.parallelism`;
    for (const field of ['initial', 'max'] as const) {
      const v = p[field];
      if (v !== undefined && !(Number.isInteger(v) && v >= 1)) problems.push({ path: `${at}.${field}`, message: `must be a whole number ≥ 1, got ${v}`, fix: 'use a positive whole number' });
    }
    if (p.initial !== undefined && p.max !== undefined && p.max < p.initial) {
      problems.push({ path: `${at}.max`, message: `must be ≥ parallelism.initial (${p.initial}), got ${p.max}`, fix: 'raise max or lower initial' });
    }
    if (job.throughputPerSubtaskMBps !== undefined && !(job.throughputPerSubtaskMBps > 0)) {
      problems.push({ path: `${jobPath(i, job)}.throughputPerSubtaskMBps`, message: `must be > 0, got ${job.throughputPerSubtaskMBps}`, fix: 'give the MB/s one parallel instance sustains (5 if unsure)' });
    }
  });
  return problems;
}

/** The event-time column exists in every source topic and is a TIMESTAMP(3) / TIMESTAMP_LTZ(3). */
export function jobWatermarkRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const et = job.eventTime;
    if (!et) return;
    const at = `${jobPath(i, job)}.eventTime`;
    for (const source of job.sources) {
      const topic = def.topics.find((t) => t.name === source);
      if (!topic) continue;
      const column = topic.columns.find((c) => c.name === et.column);
      if (!column) {
        problems.push({ path: `${at}.column`, message: `topic ${JSON.stringify(source)} has no column ${JSON.stringify(et.column)}; its columns: ${listNames(topic.columns.map((c) => c.name))}`, fix: 'name a timestamp column present in every source' });
      } else if (!column.type.isEventTime) {
        problems.push({ path: `${at}.column`, message: `column ${JSON.stringify(et.column)} of topic ${JSON.stringify(source)} is ${column.type}, not a timestamp`, fix: 'use a ColumnType.TIMESTAMP_LTZ column (a UTC instant, or ComputedColumn.epochMillis of a BIGINT), or ColumnType.TIMESTAMP for local times' });
      }
    }
    if (!Token.isUnresolved(et.maxOutOfOrderness) && et.maxOutOfOrderness.toMilliseconds() < 0) {
      problems.push({ path: `${at}.maxOutOfOrderness`, message: `must be ≥ 0, got ${et.maxOutOfOrderness.toHumanString()}`, fix: 'give how late records may arrive, e.g. Duration.seconds(30)' });
    }
    if (et.idleTimeout !== undefined && et.idleTimeout.toMilliseconds() <= 0) {
      problems.push({ path: `${at}.idleTimeout`, message: `must be > 0, got ${et.idleTimeout.toHumanString()}`, fix: 'give e.g. Duration.minutes(1), so an idle partition does not stall the watermark' });
    }
  });
  return problems;
}


/** Batch jobs need a bounded read and a schedule; streaming jobs have neither. */
export function jobModeRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const at = jobPath(i, job);
    const batch = job.mode?.value === 'batch';
    if (batch && !job.boundedRead) problems.push({ path: `${at}.boundedRead`, message: 'is not set for a batch job', fix: 'set boundedRead (e.g. BoundedRead.LATEST_OFFSET) so the job ends' });
    if (batch && !job.schedule) problems.push({ path: `${at}.schedule`, message: 'is not set for a batch job', fix: "set schedule, e.g. JobSchedule.cron('0 2 * * *')" });
    if (!batch && job.boundedRead) problems.push({ path: `${at}.boundedRead`, message: `${job.boundedRead} is set on a streaming job`, fix: 'remove it, or set mode: JobMode.BATCH' });
    if (!batch && job.schedule) problems.push({ path: `${at}.schedule`, message: `${JSON.stringify(job.schedule.expression)} is set on a streaming job`, fix: 'remove it, or set mode: JobMode.BATCH (use costControl for streaming windows)' });
    if (job.schedule) {
      const parsed = parseCron(job.schedule.expression);
      if (typeof parsed === 'string') {
        problems.push({ path: `${at}.schedule`, message: `${JSON.stringify(job.schedule.expression)} is not a 5-field cron expression (${parsed})`, fix: "use 'minute hour day-of-month month day-of-week' in UTC with numbers (day-of-week 0–6 from Sunday), e.g. '0 2 * * *'" });
      }
    }
    const cc = job.costControl;
    if (cc && cc.mode === 'scheduled' && !(cc.hoursPerDay >= 1 / 60 && cc.hoursPerDay <= 24)) {
      problems.push({ path: `${at}.costControl`, message: `runs ${cc.hoursPerDay} hours a day`, fix: 'give from 1/60 (one minute) to 24 hours a day' });
    }
  });
  return problems;
}

/** Checkpoint interval and state TTL are sensible durations. */
export function jobDurationsRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    const at = jobPath(i, job);
    if (job.checkpointInterval && job.checkpointInterval.toMilliseconds() < Duration.seconds(1).toMilliseconds()) {
      problems.push({ path: `${at}.checkpointInterval`, message: `must be ≥ 1 second, got ${job.checkpointInterval.toHumanString()}`, fix: 'use e.g. Duration.minutes(1): Iceberg commits a snapshot per checkpoint' });
    }
    if (job.stateTtl && job.stateTtl.toMilliseconds() <= 0) {
      problems.push({ path: `${at}.stateTtl`, message: `must be > 0, got ${job.stateTtl.toHumanString()}`, fix: 'give a retention such as Duration.days(1), or remove it to keep state' });
    }
  });
  return problems;
}

/** Consumer groups are not shared between jobs (they would split the partitions between them). */
export function jobConsumerGroupRule(def: PipelineDefinition): ValidationProblem[] {
  const groups = def.jobs.map((j) => j.consumerGroupId ?? `${def.name}.${j.name}`);
  return def.jobs.flatMap((job, i) => {
    const first = groups.indexOf(groups[i]);
    if (first === i) return [];
    return [{ path: `${jobPath(i, job)}.consumerGroupId`, message: `${JSON.stringify(groups[i])} is also used by ${jobPath(first, def.jobs[first])}`, fix: 'give each job its own consumer group' }];
  });
}

/** Returns the relation names a SELECT reads (after FROM / JOIN), without quoting; literals and comments are skipped. */
export function referencedRelations(query: string): string[] {
  const identifiers = quotedIdentifiers(query);
  const code = sqlCode(query);
  const names: string[] = [];
  for (const match of code.matchAll(/\b(?:from|join)\s+(`…`|[A-Za-z_][\w.-]*)/gi)) {
    const index = code.slice(0, match.index).split('`…`').length - 1;
    names.push(match[1] === '`…`' ? identifiers[index] ?? '' : match[1]);
  }
  return names;
}

/** Transforms are keyed by sink tables and read only the job's sources; without one, the sink is fed by the one source. */
export function jobSinkFeedRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job: JobDefinition, i) => {
    const at = jobPath(i, job);
    const transforms = job.transforms ?? {};
    const transformOf = (sink: string) => (Object.prototype.hasOwnProperty.call(transforms, sink) ? transforms[sink] : undefined);
    for (const sink of Object.keys(transforms)) {
      if (!job.sinks.includes(sink)) {
        problems.push({ path: `${at}.transforms.${sink}`, message: `is not a sink of the job; sinks: ${listNames(job.sinks)}`, fix: 'key transforms by sink table name' });
        continue;
      }
      const reads = referencedRelations(transforms[sink]);
      if (reads.length === 0) problems.push({ path: `${at}.transforms.${sink}`, message: 'reads no source (no FROM clause found)', fix: `select FROM one of the job's sources: ${listNames(job.sources)}` });
      for (const name of reads) {
        if (!job.sources.includes(name)) {
          problems.push({ path: `${at}.transforms.${sink}`, message: `reads ${JSON.stringify(name)}, which is not a source of the job; sources: ${listNames(job.sources)}`, fix: 'add the topic to sources, or read a listed source' });
        }
      }
    }
    for (const [j, sinkName] of job.sinks.entries()) {
      if (transformOf(sinkName) !== undefined) continue;
      const table = def.tables.find((t) => t.name === sinkName);
      if (!table) continue;
      if (job.sources.length === 0) continue;
      if (job.sources.length !== 1) {
        problems.push({ path: `${at}.sinks[${j}]`, message: `table ${JSON.stringify(sinkName)} has no transform and the job has ${job.sources.length} sources`, fix: `add transforms.${sinkName} with the SELECT that feeds it` });
        continue;
      }
      const topic = def.topics.find((t) => t.name === job.sources[0]);
      if (!topic) continue;
      for (const column of table.columns) {
        const from = topic.columns.find((c) => c.name === column.name);
        if (!from) {
          problems.push({ path: `${at}.sinks[${j}]`, message: `column ${sinkName}.${column.name} cannot be fed: topic ${JSON.stringify(topic.name)} has no column ${JSON.stringify(column.name)}`, fix: `add transforms.${sinkName} that computes it, or add the column to the topic` });
        } else if (!column.type.canBeFedBy(from.type)) {
          problems.push({ path: `${at}.sinks[${j}]`, message: `column ${sinkName}.${column.name} is ${column.type} but topic ${JSON.stringify(topic.name)} gives ${from.type}`, fix: `add transforms.${sinkName} with a CAST, or align the types` });
        }
      }
    }
  });
  return problems;
}
