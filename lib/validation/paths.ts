import { JobDefinition, TableDefinition, TopicDefinition } from '../definition/pipeline-definition';

/** `topics[0] ("orders")` */
export function topicPath(index: number, topic: TopicDefinition): string {
  return `topics[${index}] (${JSON.stringify(topic.name)})`;
}

/** `tables[0] ("orders")` */
export function tablePath(index: number, table: TableDefinition): string {
  return `tables[${index}] (${JSON.stringify(table.name)})`;
}

/** `jobs[0] ("orders-to-lake")` */
export function jobPath(index: number, job: JobDefinition): string {
  return `jobs[${index}] (${JSON.stringify(job.name)})`;
}

/** `"a", "b"` or `(none)`, for "known …" lists. */
export function listNames(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}
