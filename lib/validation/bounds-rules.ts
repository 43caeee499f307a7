import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath, topicPath } from './paths';
import { ValidationProblem } from './validation-problem';
import { DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS } from '../sizing/sizing-defaults';

/**
 * Upper bounds of every number the sizing model reads. They are far above real pipelines and keep sizing (node
 * packing, partition and slot counts) fast and finite for any input: nothing past them is deployable anyway.
 */
export const DEFINITION_BOUNDS = {
  /** Partitions of one topic (explicit or derived): MSK and Strimzi clusters hold a few thousand per broker. */
  partitions: 4096,
  /** Average ingress of one topic, MB/s. */
  ingressMBps: 4000,
  /** Peak ÷ average ingress. */
  peakFactor: 100,
  /** Average record size: 8 MiB, above any broker's `message.max.bytes`. */
  recordSizeBytes: 8 * 1024 * 1024,
  /** Consumer groups outside the pipeline per topic. */
  extraConsumerGroups: 1000,
  /** Parallelism of one job (initial or max). */
  parallelism: 4096,
  /** Throughput one subtask sustains, MB/s: the lower bound keeps derived partitions and parallelism finite. */
  minThroughputPerSubtaskMBps: 0.01,
  maxThroughputPerSubtaskMBps: 1000,
  /** Iceberg bucket count or truncate width. */
  partitionArgument: 1_000_000,
  /** Snapshots kept by the table optimizer. */
  snapshotsToKeep: 10_000,
  /** Topics, tables and jobs of one pipeline (issue 14's stack budget is 200 each). */
  entries: 1000,
} as const;


function above(path: string, value: number, bound: number, what: string): ValidationProblem {
  return { path, message: `is ${value}, above the ${bound} ${what} this library sizes`, fix: `use at most ${bound}` };
}

/** Every number is within the bounds sizing can handle, and so are the partitions a workload derives. */
export function definitionBoundsRule(def: PipelineDefinition): ValidationProblem[] {
  const b = DEFINITION_BOUNDS;
  const problems: ValidationProblem[] = [];
  for (const field of ['topics', 'tables', 'jobs'] as const) {
    if (def[field].length > b.entries) problems.push(above(field, def[field].length, b.entries, field));
  }
  def.topics.forEach((topic, i) => {
    const at = topicPath(i, topic);
    if (topic.partitions !== undefined && topic.partitions > b.partitions) problems.push(above(`${at}.partitions`, topic.partitions, b.partitions, 'partitions'));
    const w = topic.workload;
    if (w === undefined) return;
    if (w.ingressMBps > b.ingressMBps) problems.push(above(`${at}.workload.ingressMBps`, w.ingressMBps, b.ingressMBps, 'MB/s'));
    if ((w.peakFactor ?? 0) > b.peakFactor) problems.push(above(`${at}.workload.peakFactor`, w.peakFactor ?? 0, b.peakFactor, 'peak factor'));
    if (w.recordSizeBytes > b.recordSizeBytes) problems.push(above(`${at}.workload.recordSizeBytes`, w.recordSizeBytes, b.recordSizeBytes, 'bytes'));
    if ((w.extraConsumerGroups ?? 0) > b.extraConsumerGroups) problems.push(above(`${at}.workload.extraConsumerGroups`, w.extraConsumerGroups ?? 0, b.extraConsumerGroups, 'consumer groups'));
    if (topic.partitions !== undefined || !(w.ingressMBps > 0) || w.ingressMBps > b.ingressMBps) return;
    const readers = def.jobs.filter((j) => Array.isArray(j.sources) && j.sources.includes(topic.name));
    const slowest = Math.min(10, ...readers.map((j) => j.throughputPerSubtaskMBps ?? DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS).filter((t) => t >= b.minThroughputPerSubtaskMBps));
    const peak = w.ingressMBps * Math.min(w.peakFactor ?? 2, b.peakFactor);
    const derived = Math.ceil(peak / slowest);
    if (derived > b.partitions) {
      problems.push({ path: `${at}.workload`, message: `derives ${derived} partitions (peak ${peak} MB/s ÷ ${slowest} MB/s per partition reader), above the ${b.partitions} partitions this library sizes`, fix: 'check the workload figures, raise throughputPerSubtaskMBps of the jobs reading it if measured higher, or split the topic' });
    }
  });
  def.jobs.forEach((job, i) => {
    const at = jobPath(i, job);
    for (const field of ['initial', 'max'] as const) {
      const v = job.parallelism?.[field];
      if (v !== undefined && v > b.parallelism) problems.push(above(`${at}.parallelism.${field}`, v, b.parallelism, 'parallelism'));
    }
    const t = job.throughputPerSubtaskMBps;
    if (t !== undefined && t > 0 && t < b.minThroughputPerSubtaskMBps) problems.push({ path: `${at}.throughputPerSubtaskMBps`, message: `is ${t}, below the ${b.minThroughputPerSubtaskMBps} MB/s this library sizes`, fix: 'give the MB/s one parallel instance sustains (5 if unsure)' });
    if (t !== undefined && t > b.maxThroughputPerSubtaskMBps) problems.push(above(`${at}.throughputPerSubtaskMBps`, t, b.maxThroughputPerSubtaskMBps, 'MB/s'));
  });
  def.tables.forEach((table, i) => {
    (table.partitionBy ?? []).forEach((p, j) => {
      if (p.argument !== undefined && p.argument > b.partitionArgument) problems.push(above(`tables[${i}] (${JSON.stringify(table.name)}).partitionBy[${j}]`, p.argument, b.partitionArgument, `${p.transform} argument`));
    });
    const keep = table.maintenance?.snapshotsToKeep;
    if (keep !== undefined && keep > b.snapshotsToKeep) problems.push(above(`tables[${i}] (${JSON.stringify(table.name)}).maintenance.snapshotsToKeep`, keep, b.snapshotsToKeep, 'snapshots'));
  });
  return problems;
}
