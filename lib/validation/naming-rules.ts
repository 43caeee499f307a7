import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath, tablePath, topicPath } from './paths';
import { ValidationProblem } from './validation-problem';

const PIPELINE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const JOB_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** Glue and Iceberg identifiers: Glue lower-cases names, Athena and Spark read them unquoted. */
export const GLUE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,254}$/;

/** Whether a text is a legal pipeline name. */
export function isPipelineName(name: string): boolean {
  return PIPELINE_NAME.test(name) && !name.endsWith('-');
}

/** Pipeline name: it prefixes stack, bucket and Kubernetes names. */
export function pipelineNameRule(def: PipelineDefinition): ValidationProblem[] {
  if (isPipelineName(def.name)) return [];
  return [{ path: 'name', message: `${JSON.stringify(def.name)} is not a valid pipeline name`, fix: 'use 1–32 lower case letters, digits and "-", starting with a letter and not ending with "-"' }];
}

/** Kafka topic names: legal characters, length, not "." or "..". */
export function topicNameRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    if (TOPIC_NAME.test(topic.name) && topic.name !== '.' && topic.name !== '..') return [];
    return [{ path: `${topicPath(i, topic)}.name`, message: `${JSON.stringify(topic.name)} is not a legal Kafka topic name`, fix: 'use 1–249 characters of a-z A-Z 0-9 . _ - (not "." or "..")' }];
  });
}

/** Job names: they name Kubernetes objects (DNS labels) and MSF applications. */
export function jobNameRule(def: PipelineDefinition): ValidationProblem[] {
  return def.jobs.flatMap((job, i) => {
    if (JOB_NAME.test(job.name) && !job.name.endsWith('-')) return [];
    return [{ path: `${jobPath(i, job)}.name`, message: `${JSON.stringify(job.name)} is not a valid job name`, fix: 'use 1–40 lower case letters, digits and "-", starting with a letter and not ending with "-"' }];
  });
}

/** Glue database, table and column names. */
export function glueIdentifierRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const check = (path: string, kind: string, value: string) => {
    if (!GLUE_IDENTIFIER.test(value)) {
      problems.push({ path, message: `${JSON.stringify(value)} is not a valid Glue/Iceberg ${kind} name`, fix: 'use 1–255 lower case letters, digits and "_", not starting with a digit' });
    }
  };
  if (def.database !== undefined) check('database', 'database', def.database);
  def.tables.forEach((table, i) => {
    check(`${tablePath(i, table)}.name`, 'table', table.name);
    if (table.database !== undefined) check(`${tablePath(i, table)}.database`, 'database', table.database);
    table.columns.forEach((c, j) => check(`${tablePath(i, table)}.columns[${j}].name`, 'column', c.name));
  });
  def.topics.forEach((topic, i) => topic.columns.forEach((c, j) => check(`${topicPath(i, topic)}.columns[${j}].name`, 'column', c.name)));
  return problems;
}

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

/** Topic, table, job and column names are unique where they must be. */
export function uniqueNamesRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const name of duplicates(def.topics.map((t) => t.name))) {
    problems.push({ path: 'topics', message: `topic ${JSON.stringify(name)} is defined more than once`, fix: 'give each topic a unique name' });
  }
  const defaultDb = def.database ?? def.name.replace(/-/g, '_');
  for (const name of duplicates(def.tables.map((t) => `${t.database ?? defaultDb}.${t.name}`))) {
    problems.push({ path: 'tables', message: `table ${JSON.stringify(name)} is defined more than once`, fix: 'give each table a unique name within its database' });
  }
  for (const name of duplicates(def.tables.map((t) => t.name))) {
    if (!problems.some((p) => p.message.includes(`.${name}"`))) {
      problems.push({ path: 'tables', message: `table name ${JSON.stringify(name)} is used in more than one database`, fix: 'jobs refer to tables by name: give each table a unique name' });
    }
  }
  for (const name of duplicates(def.jobs.map((j) => j.name))) {
    problems.push({ path: 'jobs', message: `job ${JSON.stringify(name)} is defined more than once`, fix: 'give each job a unique name' });
  }
  def.topics.forEach((topic, i) => {
    for (const name of duplicates(topic.columns.map((c) => c.name))) {
      problems.push({ path: `${topicPath(i, topic)}.columns`, message: `column ${JSON.stringify(name)} is defined more than once`, fix: 'give each column a unique name' });
    }
  });
  def.tables.forEach((table, i) => {
    for (const name of duplicates(table.columns.map((c) => c.name))) {
      problems.push({ path: `${tablePath(i, table)}.columns`, message: `column ${JSON.stringify(name)} is defined more than once`, fix: 'give each column a unique name' });
    }
  });
  return problems;
}
