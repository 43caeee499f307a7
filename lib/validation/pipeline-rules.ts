import { PipelineDefinition } from '../definition/pipeline-definition';
import { ValidationProblem } from './validation-problem';

const LISTS = ['topics', 'tables', 'jobs'] as const;

/**
 * The definition's lists are lists (definitions also arrive from JSON and JavaScript). Other rules read them, so
 * when this rule finds a problem it is the only one run.
 */
export function pipelineListsRule(def: PipelineDefinition): ValidationProblem[] {
  const raw = def as unknown as Record<string, unknown>;
  return LISTS.filter((key) => !Array.isArray(raw[key])).map((key) => ({
    path: key,
    message: `must be a list, got ${JSON.stringify(raw[key])}`,
    fix: `give "${key}" as a list (an empty list when the pipeline has none)`,
  }));
}

/** A pipeline runs at least one job: without one there is nothing to deploy, and no job's workload to size. */
export function pipelineHasJobsRule(def: PipelineDefinition): ValidationProblem[] {
  if (def.jobs.length > 0) return [];
  const contents = `${def.topics.length} topic(s) and ${def.tables.length} table(s)`;
  return [{ path: 'jobs', message: `is empty (the pipeline has ${contents} and no job)`, fix: 'add at least one job reading a topic and writing a table or topic' }];
}
