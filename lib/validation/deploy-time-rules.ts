import { PartitionTransform } from '../definition/table-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath, tablePath, topicPath } from './paths';
import { ValidationProblem } from './validation-problem';

/**
 * Rules for definitions that pass the per-field checks but fail at deploy or run time: Kafka, Iceberg, Glue and Flink
 * each refuse (or silently reinterpret) something the definition allows.
 */

/** Kafka refuses topics whose names differ only in `.` vs `_` (they collide in metric names); `__` names are internal. */
export function topicNameCollisionRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  def.topics.forEach((topic, i) => {
    if (topic.name.startsWith('__')) {
      problems.push({ path: `${topicPath(i, topic)}.name`, message: `${JSON.stringify(topic.name)} starts with "__", the prefix of Kafka's internal topics (__consumer_offsets, __transaction_state)`, fix: 'name the topic without the "__" prefix' });
    }
    const folded = topic.name.replace(/\./g, '_');
    const first = seen.get(folded);
    if (first === undefined) {
      seen.set(folded, i);
    } else if (def.topics[first].name !== topic.name) {
      problems.push({ path: `${topicPath(i, topic)}.name`, message: `${JSON.stringify(topic.name)} collides with ${topicPath(first, def.topics[first])} in Kafka, which treats "." and "_" alike in topic names`, fix: 'rename one of them so they differ in more than "." vs "_"' });
    }
  });
  return problems;
}

const TIME = ['year', 'month', 'day', 'hour'];
const FIELD_SUFFIX: Record<string, string> = { year: 'year', month: 'month', day: 'day', hour: 'hour', bucket: 'bucket', truncate: 'trunc' };

/** The partition field name Iceberg gives a transform: the column for identity, else `<column>_<suffix>`. */
export function partitionFieldName(p: PartitionTransform): string {
  return p.transform === 'identity' ? p.column : `${p.column}_${FIELD_SUFFIX[p.transform]}`;
}

/**
 * Iceberg refuses a partition spec with two transforms of one column that are redundant (two time transforms, or the
 * same transform twice), two fields of one name (two buckets of one column), or a derived field named like a column.
 */
export function icebergPartitionSpecRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.tables.forEach((table, i) => {
    const spec = table.partitionBy ?? [];
    const columns = table.columns.map((c) => c.name);
    spec.forEach((p, j) => {
      const at = `${tablePath(i, table)}.partitionBy[${j}]`;
      const kind = (q: PartitionTransform) => (TIME.includes(q.transform) ? 'time' : q.transform);
      const earlier = spec.slice(0, j).findIndex((q) => q.column === p.column && (kind(q) === kind(p) || partitionFieldName(q) === partitionFieldName(p)));
      if (earlier >= 0) {
        problems.push({ path: at, message: `${p} repeats ${spec[earlier]} (partitionBy[${earlier}]) on column ${JSON.stringify(p.column)}; Iceberg refuses redundant partition fields`, fix: 'keep one time transform (or one transform of each kind) per column' });
        return;
      }
      if (p.transform !== 'identity' && columns.includes(partitionFieldName(p))) {
        problems.push({ path: at, message: `${p} makes the partition field ${JSON.stringify(partitionFieldName(p))}, which is also a column of the table; Iceberg refuses it`, fix: `rename the column ${JSON.stringify(partitionFieldName(p))}` });
      }
    });
  });
  return problems;
}

/** Glue refuses descriptions and comments with control characters other than tab, CR and LF. */
export function glueTextRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
  const check = (path: string, text: string | undefined) => {
    if (text !== undefined && control.test(text)) problems.push({ path, message: 'contains control characters, which the Glue catalog refuses', fix: 'remove them (tab, CR and LF are allowed)' });
  };
  def.tables.forEach((table, i) => {
    check(`${tablePath(i, table)}.comment`, table.comment);
    table.columns.forEach((c, j) => check(`${tablePath(i, table)}.columns[${j}].comment`, c.comment));
  });
  return problems;
}

const GROUP_ID = /^[a-zA-Z0-9._-]{1,255}$/;

/** A consumer group is a literal name: an empty one or a `*` would become a wildcard in IAM grants and Kafka ACLs. */
export function consumerGroupNameRule(def: PipelineDefinition): ValidationProblem[] {
  return def.jobs.flatMap((job, i) => {
    const group = job.consumerGroupId;
    if (group === undefined || GROUP_ID.test(group)) return [];
    return [{ path: `${jobPath(i, job)}.consumerGroupId`, message: `${JSON.stringify(group)} is not a literal consumer group name (IAM and ACL grants would read "*" as a wildcard)`, fix: 'use 1–255 characters of a-z A-Z 0-9 . _ -, or remove it for the default <pipeline>.<job>' }];
  });
}

/** A pipeline without jobs deploys nothing that runs, and sizes a Flink node group of zero nodes. */
export function pipelineHasJobsRule(def: PipelineDefinition): ValidationProblem[] {
  if (def.jobs.length > 0) return [];
  return [{ path: 'jobs', message: 'is empty', fix: 'define at least one job that reads a topic and writes a table' }];
}
