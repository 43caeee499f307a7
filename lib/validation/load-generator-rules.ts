import { LOAD_GENERATOR_JOB_NAME, LOAD_GENERATOR_MAX_MBPS } from '../definition/load-generator';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath, listNames } from './paths';
import { ValidationProblem } from './validation-problem';

/** Topics a load generator may write: owned by the pipeline (a shared input is written by its owner) and read by a job. */
export function loadableTopics(def: PipelineDefinition): string[] {
  const read = new Set(def.jobs.flatMap((j) => j.sources));
  return def.topics.filter((t) => t.sharedFrom === undefined && read.has(t.name)).map((t) => t.name);
}

/** The topics the load generator writes: its own list, else every loadable topic. */
export function loadGeneratorTopics(def: PipelineDefinition): string[] {
  return def.loadGenerator?.topics !== undefined ? [...def.loadGenerator.topics] : loadableTopics(def);
}

function rateProblems(def: PipelineDefinition, topics: readonly string[]): ValidationProblem[] {
  const rate = def.loadGenerator?.mbPerSecond;
  if (rate !== undefined) {
    if (rate > 0 && rate <= LOAD_GENERATOR_MAX_MBPS) return [];
    return [{ path: 'loadGenerator.mbPerSecond', message: `must be > 0 and ≤ ${LOAD_GENERATOR_MAX_MBPS} MB/s, got ${rate}`, fix: 'give the total rate in MB/s (e.g. the topics\' planned peak), or remove it to use that peak' }];
  }
  const without = def.topics.filter((t) => topics.includes(t.name) && t.workload === undefined).map((t) => t.name);
  if (without.length === 0) return [];
  return [{ path: 'loadGenerator.mbPerSecond', message: `is not set, and topics ${listNames(without)} have no workload to take a peak rate from`, fix: 'set loadGenerator.mbPerSecond, or give those topics a workload' }];
}

/**
 * The load generator: a rate > 0 and ≤ 1000 MB/s (or topics with a workload to take the peak from), topics the
 * pipeline owns and its jobs read (at least one, no repeats), and no job of the same name as its job.
 */
export function loadGeneratorRule(def: PipelineDefinition): ValidationProblem[] {
  const generator = def.loadGenerator;
  if (generator === undefined) return [];
  const problems: ValidationProblem[] = [];
  const allowed = loadableTopics(def);
  const topics = loadGeneratorTopics(def);
  if (topics.length === 0) {
    problems.push({
      path: generator.topics !== undefined ? 'loadGenerator.topics' : 'loadGenerator',
      message: generator.topics !== undefined ? 'is empty' : 'has no topic to write: no topic this pipeline owns is read by a job',
      fix: generator.topics !== undefined ? `name the topics it writes (${listNames(allowed)}), or remove topics for all of them` : 'remove loadGenerator, or let a job read a topic this pipeline owns',
    });
  }
  const seen = new Set<string>();
  (generator.topics ?? []).forEach((topic, i) => {
    const at = `loadGenerator.topics[${i}]`;
    if (seen.has(topic)) problems.push({ path: at, message: `names ${JSON.stringify(topic)} twice`, fix: 'name each topic once' });
    seen.add(topic);
    if (allowed.includes(topic)) return;
    const declared = def.topics.find((t) => t.name === topic);
    const why = declared === undefined ? `unknown topic ${JSON.stringify(topic)}`
      : declared.sharedFrom !== undefined ? `${JSON.stringify(topic)} is pipeline ${JSON.stringify(declared.sharedFrom)}'s topic (a shared input): only its owner may write it`
        : `no job reads topic ${JSON.stringify(topic)}: load on it would measure nothing`;
    problems.push({ path: at, message: why, fix: `name a source topic this pipeline owns: ${listNames(allowed)}` });
  });
  problems.push(...rateProblems(def, topics));
  def.jobs.forEach((job, i) => {
    if (job.name !== LOAD_GENERATOR_JOB_NAME) return;
    problems.push({ path: `${jobPath(i, job)}.name`, message: `is the name of the load generator's job (${LOAD_GENERATOR_JOB_NAME})`, fix: 'rename the job, or remove loadGenerator' });
  });
  return problems;
}
