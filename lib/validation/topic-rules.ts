import { Token } from 'aws-cdk-lib';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { isPipelineName } from './naming-rules';
import { listNames, topicPath } from './paths';
import { ValidationProblem } from './validation-problem';

/** Partitions are a whole number ≥ 1, or derived from a workload; one of the two is required. */
export function topicPartitionsRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    if (topic.partitions === undefined) {
      if (topic.workload !== undefined) return [];
      return [{ path: `${topicPath(i, topic)}.partitions`, message: 'is not set and there is no workload to derive it from', fix: 'set partitions, or set workload (ingressMBps, recordSizeBytes) to derive it' }];
    }
    if (Number.isInteger(topic.partitions) && topic.partitions >= 1) return [];
    return [{ path: `${topicPath(i, topic)}.partitions`, message: `must be a whole number ≥ 1, got ${topic.partitions}`, fix: 'set at least 1 partition (or leave it out to derive it from the workload)' }];
  });
}

/** Workload figures are positive (a record at least one byte). */
export function topicWorkloadRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.topics.forEach((topic, i) => {
    const w = topic.workload;
    if (w === undefined) return;
    const at = `${topicPath(i, topic)}.workload`;
    if (!(w.ingressMBps > 0)) problems.push({ path: `${at}.ingressMBps`, message: `must be > 0, got ${w.ingressMBps}`, fix: 'give the average ingress in MB/s' });
    // At least a byte: a smaller average record size derives an unbounded record rate (records/s = ingress ÷ size).
    if (!(w.recordSizeBytes >= 1)) problems.push({ path: `${at}.recordSizeBytes`, message: `must be ≥ 1, got ${w.recordSizeBytes}`, fix: 'give the average record size in bytes' });
    if (w.peakFactor !== undefined && !(w.peakFactor >= 1)) problems.push({ path: `${at}.peakFactor`, message: `must be ≥ 1, got ${w.peakFactor}`, fix: 'give peak ÷ average ingress (2 if unsure)' });
    if (w.extraConsumerGroups !== undefined && !(Number.isInteger(w.extraConsumerGroups) && w.extraConsumerGroups >= 0)) {
      problems.push({ path: `${at}.extraConsumerGroups`, message: `must be a whole number ≥ 0, got ${w.extraConsumerGroups}`, fix: 'count the consumer groups outside this pipeline' });
    }
  });
  return problems;
}

/** Retention is longer than zero. */
export function topicRetentionRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    if (topic.retention === undefined || Token.isUnresolved(topic.retention) || topic.retention.toMilliseconds() > 0) return [];
    return [{ path: `${topicPath(i, topic)}.retention`, message: `must be > 0, got ${topic.retention.toHumanString()}`, fix: 'give a retention such as Duration.days(7)' }];
  });
}

/** A topic has columns, and its key columns are among them. */
export function topicSchemaRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.topics.forEach((topic, i) => {
    const names = topic.columns.map((c) => c.name);
    if (names.length === 0) {
      problems.push({ path: `${topicPath(i, topic)}.columns`, message: 'is empty', fix: 'describe the record value as typed columns' });
    }
    (topic.key ?? []).forEach((k, j) => {
      if (!names.includes(k)) {
        problems.push({ path: `${topicPath(i, topic)}.key[${j}]`, message: `unknown column ${JSON.stringify(k)}; known columns: ${listNames(names)}`, fix: 'name a column of the topic' });
      }
    });
    if (topic.cleanupPolicy?.value === 'compact' && (topic.key ?? []).length === 0) {
      problems.push({ path: `${topicPath(i, topic)}.cleanupPolicy`, message: 'is compact but the topic has no key', fix: 'set key: compaction keeps the latest record per key' });
    }
  });
  return problems;
}

/**
 * `readers` of a topic: legal pipeline names, each once, not the pipeline itself, and only on a topic the pipeline
 * owns (a shared input's readers are its owner's to grant).
 */
export function topicReadersRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.topics.forEach((topic, i) => {
    const readers = topic.readers ?? [];
    const at = `${topicPath(i, topic)}.readers`;
    if (readers.length > 0 && topic.sharedFrom !== undefined) {
      problems.push({ path: at, message: `is set on pipeline ${JSON.stringify(topic.sharedFrom)}'s topic (a shared input)`, fix: `remove it: only the owner, pipeline ${JSON.stringify(topic.sharedFrom)}, grants readers` });
      return;
    }
    readers.forEach((reader, j) => {
      if (!isPipelineName(reader)) problems.push({ path: `${at}[${j}]`, message: `${JSON.stringify(reader)} is not a valid pipeline name`, fix: 'name a pipeline: 1–32 lower case letters, digits and "-", starting with a letter' });
      else if (reader === def.name) problems.push({ path: `${at}[${j}]`, message: 'names the pipeline itself', fix: 'remove it: the owner reads its own topics without a grant' });
      else if (readers.indexOf(reader) !== j) problems.push({ path: `${at}[${j}]`, message: `${JSON.stringify(reader)} is listed twice`, fix: 'list each reader once' });
    });
  });
  return problems;
}
